import { MajoranaException } from '@majorana/domain';

export enum ComputingElementErrorCode {
  /** A declaration sent to the admin API is not valid (the message names the field). */
  InvalidDeclaration = 'CE_INVALID_DECLARATION',
  /** No computing element of that name is declared. */
  UnknownComputingElement = 'CE_UNKNOWN',
}

export class ComputingElementException extends MajoranaException<ComputingElementErrorCode> {}
