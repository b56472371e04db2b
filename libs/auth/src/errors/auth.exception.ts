import { MajoranaException } from '@majorana/domain';

/**
 * Why a caller was refused. The server's edge filter maps every code but Forbidden to 401 (the caller
 * must present other credentials) and Forbidden to 403 (the caller is known but may not do this).
 */
export enum AuthErrorCode {
  MissingToken = 'MissingToken',
  MalformedToken = 'MalformedToken',
  BadSignature = 'BadSignature',
  Expired = 'Expired',
  Revoked = 'Revoked',
  Forbidden = 'Forbidden',
}

export class AuthException extends MajoranaException<AuthErrorCode> {}
