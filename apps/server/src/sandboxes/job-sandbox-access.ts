import { Injectable } from '@nestjs/common';
import { JobAttemptRepository, JobRepository, type JobRecord } from '@majorana/db';
import { canSeeJob, type JobScope, type Principal } from '@majorana/auth';
import { JobStatus } from '@majorana/domain';
import { JobErrorCode, JobException, jobNotFound } from '../jobs/job.exception.js';
import { SandboxApiErrorCode, SandboxApiException } from './sandbox-api.exception.js';

/** The states in which a job's pilot holds it: matched to it, running it, or sending its results. */
export const PILOT_HELD_STATUSES: readonly JobStatus[] = [JobStatus.Matched, JobStatus.Running, JobStatus.Completing];

/**
 * Who may touch a job's sandboxes: the pilot running its current attempt (with the job token it was
 * given at the match), and the users who may see the job (its owner, their group with JobSharing,
 * JobAdministrators), as for every other job route.
 */
@Injectable()
export class JobSandboxAccess {
  constructor(
    private readonly jobs: JobRepository,
    private readonly attempts: JobAttemptRepository,
  ) {}

  /** A user who may see the job, or the pilot of its current attempt; the job. */
  async reader(principal: Principal, jobId: number): Promise<JobRecord> {
    return principal.jobScope === undefined ? this.visibleJob(principal, jobId) : this.currentPilot(principal.jobScope, jobId);
  }

  /** Only the pilot of the job's current attempt; the job and that attempt. */
  async pilot(principal: Principal, jobId: number): Promise<{ job: JobRecord; attempt: number }> {
    if (principal.jobScope === undefined) {
      throw new SandboxApiException(
        SandboxApiErrorCode.Forbidden,
        `only the pilot running job ${jobId} uploads its output sandbox, with the job token it was given when the job was matched`,
      );
    }
    return { job: await this.currentPilot(principal.jobScope, jobId), attempt: principal.jobScope.attempt };
  }

  /** A user's view: the job if they may see it (same rule and messages as the other job routes). */
  async visibleJob(principal: Principal, jobId: number): Promise<JobRecord> {
    const job = await this.jobs.findById(jobId);
    if (!job) {
      throw jobNotFound(jobId);
    }
    if (!canSeeJob(principal, job)) {
      throw new JobException(
        JobErrorCode.Forbidden,
        `job ${jobId} belongs to ${job.owner} (${job.ownerGroup}): you may see only your own jobs (and your group's where it has JobSharing)`,
      );
    }
    return job;
  }

  /**
   * A job token works for its own job only, and only while its attempt is the job's current one and
   * the pilot still holds the job: a rescheduled job's earlier pilot must not fetch or overwrite
   * anything of the attempt that replaced it.
   */
  private async currentPilot(scope: JobScope, jobId: number): Promise<JobRecord> {
    if (scope.jobId !== jobId) {
      throw new SandboxApiException(
        SandboxApiErrorCode.Forbidden,
        `this token only gives access to job ${scope.jobId}'s sandboxes, not job ${jobId}'s`,
        { jobId: scope.jobId },
      );
    }
    const [job, current] = await Promise.all([this.jobs.findById(jobId), this.attempts.current(jobId)]);
    if (!job || current?.attempt !== scope.attempt || !PILOT_HELD_STATUSES.includes(job.status)) {
      throw notCurrent(scope, job);
    }
    return job;
  }

  /** The refusal for a pilot whose attempt was overtaken, saying where the job is now. */
  async notCurrent(scope: JobScope): Promise<SandboxApiException> {
    return notCurrent(scope, await this.jobs.findById(scope.jobId));
  }
}

function notCurrent(scope: JobScope, job: JobRecord | null): SandboxApiException {
  const state = job === null ? 'the job no longer exists' : `the job is ${job.status} at attempt ${job.attempt}`;
  return new SandboxApiException(
    SandboxApiErrorCode.AttemptNotCurrent,
    `attempt ${scope.attempt} of job ${scope.jobId} is no longer current (${state}): this pilot must stop working on it`,
    { jobId: scope.jobId, attempt: scope.attempt },
  );
}
