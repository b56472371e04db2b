/**
 * The base of every error Majorana raises on purpose. Each module has its own subclass with a
 * string code enum (`JobException extends MajoranaException<JobErrorCode>`); one edge filter in the
 * server maps codes to HTTP statuses. Messages say what to do next. Domain code never throws
 * HttpException.
 */
export abstract class MajoranaException<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    /** Extra structured information for the API's `details` (e.g. a JDL error's line and column). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
