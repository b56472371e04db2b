/**
 * Wall time as the execution half of the pilot reads it (milliseconds since the epoch). Structurally a
 * subset of the session's clock, so `main` can hand the same object to both halves.
 */
export interface Clock {
  now(): number;
}

/** The one place in execution/ and resources/ that reads the real time. */
export const systemClock: Clock = { now: () => Date.now() };
