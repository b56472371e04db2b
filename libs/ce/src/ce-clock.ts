/** The time source of a driver, injected so that tests can choose when pilots were submitted. */
export interface CeClock {
  /** Milliseconds since the Unix epoch, like Date.now(). */
  now(): number;
}

/** The one place in this library that reads the real time. */
export const systemCeClock: CeClock = { now: () => Date.now() };
