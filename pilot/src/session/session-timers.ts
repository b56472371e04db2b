import type { SessionClock, TimerHandle } from './session-clock.js';

/** The session's timers, by role: one of each at most, so re-arming replaces and nothing leaks. */
export type SessionTimerName =
  /** The next connection attempt (backoff). */
  | 'reconnect'
  /** `welcome` did not come in time after `hello`. */
  | 'hello'
  /** The next heartbeat. */
  | 'heartbeat'
  /** No job for the idle timeout. */
  | 'idle'
  /** Ask for work again after `no-work` said when. */
  | 'request-retry'
  /** Time left falls below the minimum: stop asking for work. */
  | 'time-left'
  /** The slot's time is over: kill what still runs. */
  | 'time-out'
  /** Leaving took too long (unanswered cancel, unacked reports, jobs slow to die): leave anyway. */
  | 'stop-grace'
  /** The server did not close after our goodbye. */
  | 'close';

export class SessionTimers {
  private readonly handles = new Map<SessionTimerName, TimerHandle>();

  constructor(private readonly clock: SessionClock) {}

  /** Arms `name` to run `callback` once after `ms`, replacing an armed one. */
  set(name: SessionTimerName, ms: number, callback: () => void): void {
    this.clear(name);
    const handle = this.clock.setTimeout(() => {
      this.handles.delete(name);
      callback();
    }, ms);
    this.handles.set(name, handle);
  }

  clear(name: SessionTimerName): void {
    const handle = this.handles.get(name);
    if (handle !== undefined) {
      this.clock.clearTimeout(handle);
      this.handles.delete(name);
    }
  }

  isSet(name: SessionTimerName): boolean {
    return this.handles.has(name);
  }

  clearAll(): void {
    for (const name of [...this.handles.keys()]) {
      this.clear(name);
    }
  }
}
