/** A handle of a scheduled callback: Node's own, or a test clock's numbered timer. */
export type TimerHandle = NodeJS.Timeout | { readonly timerId: number };

/**
 * Time as the session sees it: wall time for logs and time-left arithmetic, and timers. Injected so
 * tests can move time forward by hand instead of sleeping (see `ManualClock` in the specs).
 */
export interface SessionClock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: SessionClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
