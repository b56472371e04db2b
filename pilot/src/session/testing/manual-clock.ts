import type { SessionClock, TimerHandle } from '../session-clock.js';

interface ManualTimer {
  readonly at: number;
  readonly callback: () => void;
}

/**
 * A clock that moves only when a test says so, so heartbeats, backoff and idle timeouts are checked in
 * milliseconds of real time. Network I/O stays real; only the session's timers are driven by hand.
 */
export class ManualClock implements SessionClock {
  private readonly timers = new Map<number, ManualTimer>();
  private nextId = 1;

  constructor(private nowMs = Date.UTC(2025, 0, 1)) {}

  now(): number {
    return this.nowMs;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timerId = this.nextId++;
    this.timers.set(timerId, { at: this.nowMs + Math.max(0, ms), callback });
    return { timerId };
  }

  clearTimeout(handle: TimerHandle): void {
    if ('timerId' in handle) {
      this.timers.delete(handle.timerId);
    }
  }

  /** Moves time forward by `ms`, firing every timer that falls due, earliest first, at its own time. */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (next === undefined) {
        break;
      }
      this.timers.delete(next[0]);
      this.nowMs = next[1].at;
      next[1].callback();
    }
    this.nowMs = target;
  }

  /** How many timers are scheduled (a test can wait until the session has armed the one it expects). */
  get pendingTimers(): number {
    return this.timers.size;
  }

  private nextDue(limit: number): [number, ManualTimer] | undefined {
    let best: [number, ManualTimer] | undefined;
    for (const entry of this.timers) {
      if (entry[1].at <= limit && (best === undefined || entry[1].at < best[1].at)) {
        best = entry;
      }
    }
    return best;
  }
}
