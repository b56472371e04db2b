export type CliUsageErrorCode = 'unknown-option' | 'missing-option' | 'invalid-value';

/** A command line the pilot cannot run with; `main` prints the message and the usage, and exits 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';

  constructor(
    readonly code: CliUsageErrorCode,
    message: string,
  ) {
    super(message);
  }
}
