import { positionOf } from './source-position.js';

/** Why a JDL was refused; stable strings, safe to match on in clients and tests. */
export enum JdlErrorCode {
  /** The text is not JDL: a token is missing or out of place. */
  Syntax = 'JDL_SYNTAX',
  /** The same attribute (names compare case-insensitively) is defined twice in one ClassAd. */
  DuplicateAttribute = 'JDL_DUPLICATE_ATTRIBUTE',
  /** A required attribute such as Executable is absent. */
  MissingAttribute = 'JDL_MISSING_ATTRIBUTE',
  /** An attribute has the wrong type or a value out of range. */
  InvalidValue = 'JDL_INVALID_VALUE',
  /** The Parameters* attributes do not describe a valid set of jobs. */
  Parametric = 'JDL_PARAMETRIC',
  /** The input is larger or nested deeper than we accept. */
  TooLarge = 'JDL_TOO_LARGE',
  /** Valid JDL that Majorana does not run (gLite collections and DAGs). */
  Unsupported = 'JDL_UNSUPPORTED',
}

export interface JdlErrorInit {
  readonly code: JdlErrorCode;
  /** What is wrong and, where it helps, what to write instead. No file or position in it. */
  readonly reason: string;
  readonly source: string;
  readonly fileName: string;
  /** Offset in `source` the caret points at. */
  readonly offset: number;
}

/**
 * Every refusal of a JDL: carries the place in the user's text and prints as
 *
 *     FILE:LINE:COL: reason
 *         the offending line
 *         ^
 */
export class JdlError extends Error {
  readonly code: JdlErrorCode;
  readonly reason: string;
  readonly fileName: string;
  readonly line: number;
  readonly column: number;
  readonly lineText: string;
  readonly offset: number;

  constructor(init: JdlErrorInit) {
    const position = positionOf(init.source, init.offset);
    super(`${init.fileName}:${position.line}:${position.column}: ${init.reason}`);
    this.name = 'JdlError';
    this.code = init.code;
    this.reason = init.reason;
    this.fileName = init.fileName;
    this.offset = init.offset;
    this.line = position.line;
    this.column = position.column;
    this.lineText = position.lineText;
  }

  /** The message, the offending line and a caret under the column: what the CLI prints. */
  format(): string {
    const shown = this.lineText.replace(/\t/g, ' ');
    const caret = `${' '.repeat(Math.max(0, this.column - 1))}^`;
    return `${this.message}\n    ${shown}\n    ${caret}`;
  }

  /** A plain object for JSON output (the API's `details`). */
  toJSON(): { code: JdlErrorCode; file: string; line: number; column: number; message: string } {
    return { code: this.code, file: this.fileName, line: this.line, column: this.column, message: this.reason };
  }
}
