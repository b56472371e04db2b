export type ExecutionErrorCode =
  /** The executable is neither a file in the working directory, nor a path, nor found on PATH. */
  | 'executable-not-found'
  /** The executable exists but cannot be run (no permission, bad interpreter, not a program). */
  | 'executable-not-runnable'
  /** `Executable`/`Arguments` cannot be split into words (an unterminated quote), or StdOutput/StdError leave the working directory. */
  | 'invalid-job-description'
  | 'sandbox-download-failed'
  | 'sandbox-upload-failed'
  /** `RunningJob.started` when the job ended before its payload process could start. */
  | 'not-started';

/**
 * An error of the execution half with a string code. The job wrapper turns each into a Failed outcome
 * whose minor status says what happened; the message says what the user can do about it.
 */
export class ExecutionError extends Error {
  override readonly name = 'ExecutionError';

  constructor(
    readonly code: ExecutionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
