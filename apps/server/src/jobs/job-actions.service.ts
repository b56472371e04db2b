import { Injectable, Logger } from '@nestjs/common';
import { JobRepository, WaitingJobRepository, type JobRecord } from '@majorana/db';
import { canTransition, JobStatus } from '@majorana/domain';
import { canActOnJob, type Principal } from '@majorana/auth';
import { describeJobs, JdlError } from '@majorana/jdl';
import { Clock } from '../common/clock.js';
import { ServerConfig } from '../config/server-config.js';
import type { JobActionResultDto } from './dto/job-ids.dto.js';
import { JobOptimizerService } from './job-optimizer.service.js';
import { siteColumn } from './site-column.js';

type Action = 'kill' | 'delete' | 'reschedule';

const TARGET: Record<Action, JobStatus> = { kill: JobStatus.Killed, delete: JobStatus.Deleted, reschedule: JobStatus.Rescheduled };

/**
 * Kill, delete and reschedule, each with a result per job ID: done, not found, not allowed (someone
 * else's job), or wrong state (and why). A refused transition leaves the job as it was.
 */
@Injectable()
export class JobActionsService {
  private readonly logger = new Logger('jobs');

  constructor(
    private readonly jobs: JobRepository,
    private readonly waiting: WaitingJobRepository,
    private readonly optimizer: JobOptimizerService,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  async apply(principal: Principal, action: Action, jobIds: readonly number[]): Promise<JobActionResultDto[]> {
    const found = new Map((await this.jobs.findByIds(jobIds)).map((job) => [job.id, job]));
    const results: JobActionResultDto[] = [];
    const rescheduled: number[] = [];
    for (const jobId of jobIds) {
      const job = found.get(jobId);
      if (!job) {
        results.push({ JobID: jobId, result: 'not found', reason: `there is no job ${jobId}` });
      } else if (!canActOnJob(principal, job)) {
        results.push({ JobID: jobId, result: 'not allowed', reason: `job ${jobId} belongs to ${job.owner} (${job.ownerGroup})` });
      } else {
        const result = await this.applyOne(principal, action, job);
        results.push(result);
        if (action === 'reschedule' && result.result === 'done') {
          rescheduled.push(jobId);
        }
      }
    }
    if (rescheduled.length > 0) {
      await this.optimizer.optimize(rescheduled);
    }
    return results;
  }

  private async applyOne(principal: Principal, action: Action, job: JobRecord): Promise<JobActionResultDto> {
    const target = TARGET[action];
    if (!canTransition(job.status, target)) {
      this.logger.log(`refused ${action} of job ${job.id} by ${principal.user}: ${job.status} → ${target} is not a DIRAC transition`);
      return { JobID: job.id, result: 'wrong state', reason: `a ${job.status} job cannot be ${pastTense(action)}` };
    }
    if (action === 'reschedule' && job.rescheduleCounter >= this.config.maxRescheduling) {
      return {
        JobID: job.id,
        result: 'wrong state',
        reason: `job ${job.id} was already rescheduled ${job.rescheduleCounter} times, the limit (MAJORANA_MAX_RESCHEDULING) is ${this.config.maxRescheduling}`,
      };
    }
    const source = `${principal.user}@${principal.group}`;
    const time = this.clock.now();
    // A kill ends a job's execution; deleting or rescheduling a finished job must not rewrite when it ended.
    const endsExecution = action === 'kill' && job.endExecTime === null;
    const applied = await this.jobs.transition(job.id, {
      from: [job.status],
      to: { status: target, minorStatus: minorStatusOf(action, principal) },
      source,
      time,
      ...(endsExecution ? { set: { endExecTime: time } } : {}),
    });
    if (!applied) {
      this.logger.warn(`refused ${action} of job ${job.id} by ${source}: it left ${job.status} meanwhile`);
      return { JobID: job.id, result: 'wrong state', reason: `job ${job.id} changed state meanwhile: look at it again and retry` };
    }
    if (job.status === JobStatus.Waiting) {
      await this.waiting.remove(job.id);
    }
    if (action === 'reschedule') {
      await this.backToReceived(job.id, source);
    }
    return { JobID: job.id, result: 'done', reason: '' };
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

function pastTense(action: Action): string {
  return action === 'kill' ? 'killed' : action === 'delete' ? 'deleted' : 'rescheduled';
}

function minorStatusOf(action: Action, principal: Principal): string {
  switch (action) {
    case 'kill':
      return `Killed by ${principal.user}`;
    case 'delete':
      return `Deleted by ${principal.user}`;
    case 'reschedule':
      return `Rescheduled by ${principal.user}`;
  }
}
