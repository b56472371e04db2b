import { Injectable, Logger } from '@nestjs/common';
import { JobRepository, StalledJobRepository } from '@majorana/db';
import { JobStatus } from '@majorana/domain';
import { Clock } from '../../common/clock.js';
import { ServerConfig } from '../../config/server-config.js';
import { JobRescheduler } from '../../jobs/job-rescheduler.service.js';
import { AgentLeases } from '../leases/agent-leases.service.js';
import { PILOT_NEVER_STARTED, PILOT_NOT_RUNNING, pilotIsGone, silentForSeconds, silentMinorStatus } from './stalled-job-rules.js';

const SOURCE = 'StalledJobAgent';
export const STALLED_JOB_LEASE = 'stalled-job-agent';

/** What one cycle did, by job id (for the log and the specs). */
export interface StalledJobCycle {
  /** Running/Completing jobs declared Stalled. */
  readonly stalled: number[];
  /** Stalled jobs whose pilot is gone: rescheduled, or Failed at MaxRescheduling. */
  readonly pilotGone: number[];
  /** Matched jobs their pilot never started: rescheduled, or Failed at MaxRescheduling. */
  readonly neverStarted: number[];
}

/**
 * DIRAC's StalledJobAgent. Each cycle, under the `stalled-job-agent` lease (one replica at a time):
 *
 * 1. a Running or Completing job silent (no heartbeat, start or change) for MAJORANA_STALLED_AFTER_S
 *    becomes Stalled ("Job stalled: no heartbeat for N s"); a heartbeat from its pilot resumes it;
 * 2. a Stalled job whose pilot is gone (see `pilotIsGone`) is rescheduled, or Failed "Job stalled:
 *    pilot not running" once it was rescheduled MAJORANA_MAX_RESCHEDULING times;
 * 3. a Matched job whose attempt is older than MAJORANA_STALLED_AFTER_S and never started (its pilot
 *    lost the assignment) is rescheduled the same way ("Pilot never started the job").
 *
 * Every change is a compare-and-set from the state the agent saw, so a job that moved meanwhile (its
 * pilot came back, a user killed it) is left alone. Step 2 runs after step 1 so that a job whose pilot
 * is long gone goes back to the queues in the same cycle in which it is found silent.
 */
@Injectable()
export class StalledJobAgent {
  private readonly logger = new Logger('stalled-job-agent');

  constructor(
    private readonly stalledJobs: StalledJobRepository,
    private readonly jobs: JobRepository,
    private readonly rescheduler: JobRescheduler,
    private readonly leases: AgentLeases,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  /** One cycle; null when another process holds the lease (it does the work). */
  async runOnce(): Promise<StalledJobCycle | null> {
    // Three intervals: a holder that misses two cycles in a row (a long GC, a slow database) keeps it.
    if (!(await this.leases.hold(STALLED_JOB_LEASE, 3 * this.config.stalledCheckIntervalS * 1000))) {
      return null;
    }
    const stalledAfterMs = this.config.stalledAfterS * 1000;
    const stalled = await this.stallSilentJobs(stalledAfterMs);
    const pilotGone = await this.rescheduleWhenPilotGone(stalledAfterMs);
    const neverStarted = await this.rescheduleUnstarted(stalledAfterMs);
    if (stalled.length > 0) {
      this.logger.warn(`${stalled.length} job(s) Stalled after ${this.config.stalledAfterS} s without a heartbeat: ${stalled.join(', ')}`);
    }
    return { stalled, pilotGone, neverStarted };
  }

  private async stallSilentJobs(stalledAfterMs: number): Promise<number[]> {
    const now = this.clock.now();
    const stalled: number[] = [];
    for (const job of await this.stalledJobs.silentJobs([JobStatus.Running, JobStatus.Completing], now - stalledAfterMs)) {
      const moved = await this.jobs.transition(job.id, {
        from: [job.status],
        to: { status: JobStatus.Stalled, minorStatus: silentMinorStatus(silentForSeconds(job, now)) },
        source: SOURCE,
        time: now,
      });
      if (moved) {
        stalled.push(job.id);
      }
    }
    return stalled;
  }

  private async rescheduleWhenPilotGone(stalledAfterMs: number): Promise<number[]> {
    const now = this.clock.now();
    const gone = (await this.stalledJobs.stalledJobs()).filter((job) => pilotIsGone(job, now, stalledAfterMs)).map((job) => job.id);
    return this.changed(await this.rescheduler.reschedule(gone, { source: SOURCE, reason: PILOT_NOT_RUNNING, from: [JobStatus.Stalled] }));
  }

  private async rescheduleUnstarted(stalledAfterMs: number): Promise<number[]> {
    const unstarted = (await this.stalledJobs.unstartedMatches(this.clock.now() - stalledAfterMs)).map((job) => job.id);
    return this.changed(
      await this.rescheduler.reschedule(unstarted, { source: SOURCE, reason: PILOT_NEVER_STARTED, from: [JobStatus.Matched] }),
    );
  }

  private changed(outcomes: ReadonlyMap<number, string>): number[] {
    return [...outcomes].filter(([, outcome]) => outcome !== 'unchanged').map(([id]) => id);
  }
}
