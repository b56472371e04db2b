/** The time source, injected so that tests can stand still or jump past a token's expiry. */
export interface Clock {
  /** Milliseconds since the Unix epoch, like Date.now(). */
  now(): number;
}

/** The one place that reads the real time; everything else takes a Clock or a `now`. */
export const systemClock: Clock = { now: () => Date.now() };
