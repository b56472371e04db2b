/** An answer from the server that is not a success, with the API's own message (say it in one line). */
export class MajoranaClientError extends Error {
  override readonly name = 'MajoranaClientError';

  constructor(
    /** The HTTP status, or 0 when the server could not be reached at all. */
    readonly statusCode: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
