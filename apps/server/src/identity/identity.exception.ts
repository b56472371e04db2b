import { MajoranaException } from '@majorana/domain';

export enum IdentityErrorCode {
  /** A user was to be added to a group the configuration does not define. */
  UnknownGroup = 'IDENTITY_UNKNOWN_GROUP',
  /** The request contradicts itself (e.g. both or neither of two exclusive fields). */
  InvalidRequest = 'IDENTITY_INVALID_REQUEST',
  /** A token to revoke was never issued (or is already gone). */
  UnknownToken = 'IDENTITY_UNKNOWN_TOKEN',
}

export class IdentityException extends MajoranaException<IdentityErrorCode> {}
