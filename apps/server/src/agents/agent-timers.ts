import { Injectable } from '@nestjs/common';

/**
 * The agents' only contact with real time passing, so that their specs drive the cycles by hand
 * instead of waiting (CONVENTIONS.md: every side effect behind an injectable).
 */
@Injectable()
export class AgentTimers {
  /** Calls `run` once after `delayMs`; returns the cancel. The timer never keeps the process alive by itself. */
  schedule(delayMs: number, run: () => void): () => void {
    const timer = setTimeout(run, delayMs);
    timer.unref();
    return () => clearTimeout(timer);
  }
}
