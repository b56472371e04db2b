import type { AgentTimers } from '../agent-timers.js';

/** Timers that fire only when a spec says so: `advance(ms)` runs what falls due, in order. (Specs only.) */
export class ManualTimers implements AgentTimers {
  private now = 0;
  private nextId = 0;
  private readonly pending = new Map<number, { at: number; run: () => void }>();

  schedule(delayMs: number, run: () => void): () => void {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + delayMs, run });
    return () => this.pending.delete(id);
  }

  /** Delays of the timers now pending, from now. */
  get delays(): number[] {
    return [...this.pending.values()].map((timer) => timer.at - this.now).sort((a, b) => a - b);
  }

  /** Moves time on by `ms`, firing due timers one by one and letting the promises they start settle. */
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      await settle();
      const due = [...this.pending.entries()].filter(([, timer]) => timer.at <= until).sort(([, a], [, b]) => a.at - b.at)[0];
      if (due === undefined) {
        break;
      }
      const [id, timer] = due;
      this.pending.delete(id);
      this.now = timer.at;
      timer.run();
    }
    this.now = until;
    await settle();
  }
}

/** Lets every promise chain started so far run to its end (the cycles of these specs touch no real I/O). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await Promise.resolve();
  }
  await new Promise((resolve) => setImmediate(resolve));
}
