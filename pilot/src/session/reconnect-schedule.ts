import { reconnectDelayMs, type BackoffPolicy } from './reconnect-backoff.js';

/**
 * When to try connecting again, and when to give up: retries back off from the first one after each
 * loss of a welcomed connection, and the reconnect timeout counts from that loss (or from the start,
 * for a pilot that was never welcomed).
 */
export class ReconnectSchedule {
  private attempt = 0;
  private downSince: number;

  constructor(
    private readonly timeoutMs: number,
    private readonly backoff: BackoffPolicy,
    private readonly random: () => number,
    now: number,
  ) {
    this.downSince = now;
  }

  /** Attempts made since the last welcome (for logs). */
  get attempts(): number {
    return this.attempt;
  }

  /** The server welcomed us: the next loss starts the backoff afresh. */
  welcomed(): void {
    this.attempt = 0;
  }

  /** A welcomed connection was lost at `now`: the timeout counts from here. */
  lost(now: number): void {
    this.downSince = now;
    this.attempt = 0;
  }

  /**
   * The delay before the next attempt, or null when the timeout has passed. The last attempt is made
   * at the deadline itself rather than skipped because the next delay would overshoot it.
   */
  nextDelayMs(now: number): number | null {
    const remaining = this.downSince + this.timeoutMs - now;
    if (remaining <= 0) {
      return null;
    }
    return Math.min(reconnectDelayMs(this.attempt++, this.random, this.backoff), remaining);
  }
}
