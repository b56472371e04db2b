import { Injectable, Logger } from '@nestjs/common';
import { JobRepository, WaitingJobRepository, type JobRecord } from '@majorana/db';
import { canTransition, JobStatus } from '@majorana/domain';
import { describeJobs, JdlError } from '@majorana/jdl';
import { Clock } from '../common/clock.js';
import { ServerConfig } from '../config/server-config.js';
import { ServerEvents } from '../events/server-events.js';
import { JobOptimizerService } from './job-optimizer.service.js';
import { siteColumn } from './site-column.js';

/** What a system reschedule (an agent's, not a user's) did to one job. */
export type RescheduleOutcome = 'rescheduled' | 'failed' | 'unchanged';

export interface SystemRescheduleOptions {
  /** Who decided, kept in the logging records: `StalledJobAgent`, `LocalPilotRecovery`. */
  readonly source: string;
  /** Why, as the minor status of Rescheduled, and of Failed once the job reached MaxRescheduling. */
  readonly reason: string;
  /**
   * The states the caller judged the jobs in. A job found in another state (its pilot came back, a user
   * killed it) is left alone: the decision was made about a job that no longer exists.
   */
  readonly from: readonly JobStatus[];
  /**
   * Optimise the jobs that went back (Received → Waiting) before returning. False leaves them Received
   * for the caller to `optimize` later: the Local CE's shutdown takes its jobs from its pilots first
   * (so their last reports are refused), kills the pilots, and only then lets the jobs be matched.
   * @default true
   */
  readonly optimize?: boolean;
}

/**
 * Sends jobs back to the task queues: DIRAC's rescheduleJob. Rescheduled → Received with the history
 * and the original JDL kept and the Site column back to what the JDL asks for, then the optimizers
 * again. Used by the users' reschedule (which refuses beyond MAJORANA_MAX_RESCHEDULING) and by the
 * agents (which fail the job with their reason instead: DESIGN.md, nothing is lost, but nothing loops
 * for ever either).
 */
@Injectable()
export class JobRescheduler {
  private readonly logger = new Logger('jobs');

  constructor(
    private readonly jobs: JobRepository,
    private readonly waiting: WaitingJobRepository,
    private readonly optimizer: JobOptimizerService,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
    private readonly events: ServerEvents,
  ) {}

  /**
   * The agents' reschedule: each job still in one of `from` is rescheduled, or Failed with `reason` once
   * it was rescheduled MAJORANA_MAX_RESCHEDULING times. The pilots that may still hold the old attempts
   * are told to stop them ('jobs-stopped'); the jobs that went back are optimised together.
   */
  async reschedule(jobIds: readonly number[], options: SystemRescheduleOptions): Promise<Map<number, RescheduleOutcome>> {
    const outcomes = new Map<number, RescheduleOutcome>(jobIds.map((id) => [id, 'unchanged']));
    if (jobIds.length === 0) {
      return outcomes;
    }
    const back: number[] = [];
    for (const job of await this.jobs.findByIds(jobIds)) {
      if (!options.from.includes(job.status)) {
        continue;
      }
      if (job.rescheduleCounter >= this.config.maxRescheduling) {
        if (await this.fail(job, options)) {
          outcomes.set(job.id, 'failed');
        }
      } else if (await this.toReceived(job, options.source, options.reason)) {
        outcomes.set(job.id, 'rescheduled');
        back.push(job.id);
      }
    }
    const changed = [...outcomes].filter(([, outcome]) => outcome !== 'unchanged').map(([id]) => id);
    if (changed.length > 0) {
      this.events.emit('jobs-stopped', { jobIds: changed, reason: options.reason });
      this.logger.warn(
        `${options.source}: ${back.length} job(s) rescheduled, ${changed.length - back.length} failed at MAJORANA_MAX_RESCHEDULING=${this.config.maxRescheduling} (${options.reason}): ${changed.join(', ')}`,
      );
    }
    if (back.length > 0 && (options.optimize ?? true)) {
      await this.optimizer.optimize(back);
    }
    return outcomes;
  }

  /**
   * Moves one job, which the caller found in `job.status` and judged reschedulable, to Rescheduled and
   * back to Received (not yet optimised: the caller batches that). A Completing job, which DIRAC's
   * state machine does not let go back directly, is declared Stalled first. False when the job left
   * `job.status` meanwhile (nothing changed then).
   */
  async toReceived(job: JobRecord, source: string, minorStatus: string): Promise<boolean> {
    let status = job.status;
    if (!canTransition(status, JobStatus.Rescheduled) && canTransition(status, JobStatus.Stalled)) {
      const stalled = await this.jobs.transition(job.id, {
        from: [status],
        to: { status: JobStatus.Stalled, minorStatus },
        source,
        time: this.clock.now(),
      });
      if (!stalled) {
        return false;
      }
      status = JobStatus.Stalled;
    }
    if (!canTransition(status, JobStatus.Rescheduled)) {
      return false;
    }
    const applied = await this.jobs.transition(job.id, {
      from: [status],
      to: { status: JobStatus.Rescheduled, minorStatus },
      source,
      time: this.clock.now(),
    });
    if (!applied) {
      return false;
    }
    if (status === JobStatus.Waiting) {
      await this.waiting.remove(job.id);
    }
    await this.backToReceived(job.id, source);
    return true;
  }

  /** Optimises jobs that `toReceived` moved (one batch for a whole request). */
  async optimize(jobIds: readonly number[]): Promise<void> {
    if (jobIds.length > 0) {
      await this.optimizer.optimize(jobIds);
    }
  }

  private async fail(job: JobRecord, options: SystemRescheduleOptions): Promise<boolean> {
    const time = this.clock.now();
    const failed = await this.jobs.transition(job.id, {
      from: [job.status],
      to: { status: JobStatus.Failed, minorStatus: options.reason },
      source: options.source,
      time,
      ...(job.endExecTime === null ? { set: { endExecTime: time } } : {}),
    });
    if (failed && job.status === JobStatus.Waiting) {
      await this.waiting.remove(job.id);
    }
    return failed;
  }

  /**
   * DIRAC: Rescheduled → Received with the history and the original JDL kept, and the Site column
   * back to what the JDL asks for (not the site of the abandoned match); the optimizers run again.
   */
  private async backToReceived(jobId: number, source: string): Promise<void> {
    await this.jobs.incrementReschedule(jobId);
    await this.jobs.transition(jobId, {
      from: [JobStatus.Rescheduled],
      to: { status: JobStatus.Received, minorStatus: 'Job Rescheduled', applicationStatus: 'Unknown' },
      source,
      time: this.clock.now(),
      set: { taskQueueId: null, site: await this.requestedSite(jobId) },
    });
  }

  private async requestedSite(jobId: number): Promise<string> {
    const jdl = await this.jobs.jdl(jobId);
    try {
      return siteColumn(jdl ? (describeJobs(jdl.current, { fileName: `job ${jobId}` })[0]?.description.sites ?? []) : []);
    } catch (error) {
      if (error instanceof JdlError) {
        return 'ANY'; // the optimizers will fail the job and say why
      }
      throw error;
    }
  }
}
