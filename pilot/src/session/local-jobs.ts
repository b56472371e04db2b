import type { RunningJob as RunningJobRef } from '@majorana/protocol';
import type { RunningJob } from '../execution/running-job.js';

/**
 * Where a job this pilot holds stands:
 * - `starting`: the wrapper prepares it (sandbox download); nothing reported yet.
 * - `running`: the payload started and `job-started` was queued; heartbeats carry its usage.
 * - `stale`: the server said another attempt owns the job; it is being killed and nothing more is
 *   reported about it.
 */
export type LocalJobPhase = 'starting' | 'running' | 'stale';

export interface LocalJob {
  readonly jobId: number;
  readonly attempt: number;
  readonly fencingToken: string;
  /** Processors it holds until it ends. */
  readonly processors: number;
  /** Its MaxRAM, or null: what it takes of the slot's memory. */
  readonly maxRamMiB: number | null;
  readonly handle: RunningJob;
  phase: LocalJobPhase;
  /** Why the pilot killed it (a server `kill`, a signal, the slot's end), reported as its minor status. */
  killReason: string | null;
}

/** The jobs this pilot holds, by attempt (a job id alone is not enough: attempts of one job differ). */
export class LocalJobs {
  private readonly jobs = new Map<string, LocalJob>();

  add(job: LocalJob): void {
    this.jobs.set(key(job.jobId, job.attempt), job);
  }

  find(jobId: number, attempt: number): LocalJob | undefined {
    return this.jobs.get(key(jobId, attempt));
  }

  remove(job: LocalJob): void {
    this.jobs.delete(key(job.jobId, job.attempt));
  }

  get size(): number {
    return this.jobs.size;
  }

  all(): LocalJob[] {
    return [...this.jobs.values()];
  }

  /** Processors held by every job, stale ones included: their processes use the cores until they die. */
  usedProcessors(): number {
    let used = 0;
    for (const job of this.jobs.values()) {
      used += job.processors;
    }
    return used;
  }

  /** What `hello` lists after a reconnect: every attempt still ours (not stale). */
  references(): RunningJobRef[] {
    return this.all()
      .filter((job) => job.phase !== 'stale')
      .map((job) => ({ jobId: job.jobId, attempt: job.attempt, fencingToken: job.fencingToken }));
  }
}

function key(jobId: number, attempt: number): string {
  return `${jobId}.${attempt}`;
}
