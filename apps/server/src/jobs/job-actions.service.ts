import { Injectable, Logger } from '@nestjs/common';
import { JobRepository, WaitingJobRepository, type JobRecord } from '@majorana/db';
import { canTransition, JobStatus } from '@majorana/domain';
import { canActOnJob, type Principal } from '@majorana/auth';
import { ServerEvents } from '../events/server-events.js';
import { Clock } from '../common/clock.js';
import { ServerConfig } from '../config/server-config.js';
import type { JobActionResultDto } from './dto/job-ids.dto.js';
import { JobRescheduler } from './job-rescheduler.service.js';

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
    private readonly rescheduler: JobRescheduler,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
    private readonly events: ServerEvents,
  ) {}

  async apply(principal: Principal, action: Action, jobIds: readonly number[]): Promise<JobActionResultDto[]> {
    const found = new Map((await this.jobs.findByIds(jobIds)).map((job) => [job.id, job]));
    const results: JobActionResultDto[] = [];
    const rescheduled: number[] = [];
    const stopped: number[] = [];
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
        if (result.result === 'done') {
          stopped.push(jobId);
        }
      }
    }
    if (stopped.length > 0) {
      // A pilot running one of them is told at once (this replica) or by its replica's sweep (others).
      this.events.emit('jobs-stopped', {
        jobIds: stopped,
        reason: action === 'kill' ? `Killed by ${principal.user}` : `${pastTense(action)} by ${principal.user}`,
      });
    }
    await this.rescheduler.optimize(rescheduled);
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
    if (action === 'reschedule') {
      if (!(await this.rescheduler.toReceived(job, source, minorStatusOf(action, principal)))) {
        return this.changedMeanwhile(action, job, source);
      }
      return { JobID: job.id, result: 'done', reason: '' };
    }
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
      return this.changedMeanwhile(action, job, source);
    }
    if (job.status === JobStatus.Waiting) {
      await this.waiting.remove(job.id);
    }
    return { JobID: job.id, result: 'done', reason: '' };
  }

  private changedMeanwhile(action: Action, job: JobRecord, source: string): JobActionResultDto {
    this.logger.warn(`refused ${action} of job ${job.id} by ${source}: it left ${job.status} meanwhile`);
    return { JobID: job.id, result: 'wrong state', reason: `job ${job.id} changed state meanwhile: look at it again and retry` };
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
