/** Values printed after the event name; the session's `PilotLogger` takes the same shape. */
export type ExecutionLogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

/**
 * What the execution half logs through: one event name plus fields (job id, attempt, …). Structural, so
 * the session's `PilotLogger` fits without this folder importing it.
 */
export interface ExecutionLogger {
  info(event: string, fields?: ExecutionLogFields): void;
  warn(event: string, fields?: ExecutionLogFields): void;
  error(event: string, fields?: ExecutionLogFields): void;
}

/** For tests and tools that want no output. */
export const silentLogger: ExecutionLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
