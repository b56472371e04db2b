/**
 * Where a driver reports what it cannot throw (a pilot's exit recorded in memory but not on disk, a
 * partial submission). The server adapts Nest's Logger to it; fields carry the correlation ids.
 */
export interface CeLogger {
  warn(message: string, fields: CeLogFields): void;
}

export interface CeLogFields {
  readonly ce: string;
  readonly pilotRef?: string;
  readonly error?: unknown;
}

/** One JSON line per warning on stderr: the default when nobody passes a logger. */
export const stderrCeLogger: CeLogger = {
  warn(message, fields) {
    // An Error's message is not an enumerable property: JSON.stringify would print {}.
    const error = fields.error === undefined ? undefined : describeError(fields.error);
    process.stderr.write(`${JSON.stringify({ level: 'warn', component: 'ce', message, ...fields, error })}\n`);
  },
};

function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return typeof error === 'string' ? error : JSON.stringify(error);
}
