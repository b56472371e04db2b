import type { AgentTimers } from './agent-timers.js';

/** Where a periodic task reports a failed cycle (the next cycle runs anyway). */
export type CycleErrorSink = (error: unknown) => void;

/**
 * Runs an agent's cycle every `intervalMs` and, on `trigger()`, as soon as possible: one cycle at a
 * time (a trigger during a cycle runs one more right after it, however many triggers came), the next
 * interval counted from the end of the last cycle, so a slow database never piles cycles up. A failed
 * cycle is reported and the task goes on: an agent must outlive a database hiccup.
 */
export class PeriodicTask {
  private state: 'idle' | 'started' | 'stopped' = 'idle';
  private cancelTimer: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private runAgain = false;

  constructor(
    private readonly intervalMs: number,
    private readonly cycle: () => Promise<unknown>,
    private readonly timers: AgentTimers,
    private readonly onError: CycleErrorSink,
  ) {}

  /** Starts the cycles: the first one at once. */
  start(): void {
    if (this.state !== 'idle') {
      return;
    }
    this.state = 'started';
    this.schedule(0);
  }

  /** Asks for a cycle now (e.g. work just became available) rather than at the next interval. */
  trigger(): void {
    if (this.state !== 'started') {
      return;
    }
    if (this.running !== null) {
      this.runAgain = true;
      return;
    }
    this.schedule(0);
  }

  /** No cycle starts any more; resolves once the one under way (if any) has finished. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    this.cancelTimer?.();
    this.cancelTimer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    this.cancelTimer?.();
    this.cancelTimer = this.timers.schedule(delayMs, () => {
      this.cancelTimer = null;
      void this.runCycle();
    });
  }

  private async runCycle(): Promise<void> {
    if (this.state !== 'started' || this.running !== null) {
      return;
    }
    this.runAgain = false;
    this.running = this.cycle().then(
      () => undefined,
      (error: unknown) => this.onError(error),
    );
    await this.running;
    this.running = null;
    if (this.state === 'started') {
      this.schedule(this.runAgain ? 0 : this.intervalMs);
    }
  }
}
