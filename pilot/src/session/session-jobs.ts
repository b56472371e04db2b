import { createMessage, type HeartbeatMessage, type JobMessage, type JobUsage, type RunningJob as RunningJobRef } from '@majorana/protocol';
import type { JobOutcome } from '../execution/job-assignment.js';
import type { SlotClaim } from '../execution/slot-packer.js';
import { finishedReport, notRunOutcome } from './job-reports.js';
import { fitHeartbeat } from './heartbeat-jobs.js';
import { LocalJobs, type LocalJob } from './local-jobs.js';
import type { JobLauncher, SessionLogger } from './pilot-session.deps.js';
import type { ReportChannel } from './report-channel.js';
import type { JobReport } from './report-outbox.js';
import { toJobAssignment } from './to-job-assignment.js';

export interface SessionJobsDeps {
  readonly launcher: JobLauncher;
  readonly reports: ReportChannel;
  readonly logger: SessionLogger;
  nextId(): string;
  /** Runs a callback of the job wrapper's promises under the session's error guard. */
  guard(handler: () => void): void;
  /** A job ended (reported or not): the session decides whether to ask for work, drain or leave. */
  onEnded(): void;
}

/**
 * The jobs this pilot runs, seen from the session: started through the job wrapper, reported through
 * the report channel (job-started when the payload runs, usage in heartbeats, job-finished with the
 * outcome), killed when the server or the pilot says so, and silenced when the server says another
 * attempt owns them.
 */
export class SessionJobs {
  private readonly jobs = new LocalJobs();

  constructor(private readonly deps: SessionJobsDeps) {}

  get size(): number {
    return this.jobs.size;
  }

  /** What the jobs hold of the slot, for the slot packer. */
  claims(): SlotClaim[] {
    return this.jobs.all();
  }

  /** The attempts `hello` lists after a reconnect. */
  references(): RunningJobRef[] {
    return this.jobs.references();
  }

  /** Starts the job a `job` message gives, unless this attempt already runs here. */
  start(message: JobMessage): void {
    const ref = { jobId: message.jobId, attempt: message.attempt };
    if (this.jobs.find(message.jobId, message.attempt) !== undefined) {
      this.deps.logger.warn('job-duplicate', ref);
      return;
    }
    let handle;
    try {
      handle = this.deps.launcher.start(toJobAssignment(message));
    } catch (error) {
      this.deps.logger.error('job-start-failed', { ...ref, error: error instanceof Error ? error.message : String(error) });
      this.deps.reports.add(finishedReport(this.deps.nextId(), message, notRunOutcome('Job wrapper error')));
      return;
    }
    const job: LocalJob = {
      ...ref,
      fencingToken: message.fencingToken,
      processors: message.spec.processors,
      maxRamMiB: message.spec.maxRamMiB,
      handle,
      phase: 'starting',
      killReason: null,
    };
    this.jobs.add(job);
    this.deps.logger.info('job-received', { ...ref, owner: message.owner, group: message.ownerGroup, processors: job.processors });
    handle.started.then(
      () => this.deps.guard(() => this.onStarted(job)),
      (error: unknown) => this.deps.logger.info('job-not-started', { ...ref, why: error instanceof Error ? error.message : String(error) }),
    );
    void handle.done.then((outcome) => this.deps.guard(() => this.onDone(job, outcome)));
  }

  /** A job that arrived while the pilot stops: never run, reported Failed so the server can reschedule it. */
  refuse(message: JobMessage, minorStatus: string): void {
    this.deps.logger.warn('job-not-run', { jobId: message.jobId, attempt: message.attempt, reason: minorStatus });
    this.deps.reports.add(finishedReport(this.deps.nextId(), message, notRunOutcome(minorStatus)));
  }

  /** Kills one attempt; false when it is not one of ours (an older attempt, or already ended). */
  kill(jobId: number, attempt: number, reason: string): boolean {
    const job = this.jobs.find(jobId, attempt);
    if (job === undefined || job.phase === 'stale') {
      return false;
    }
    this.deps.logger.info('job-kill', { jobId, attempt, reason });
    job.killReason = reason;
    job.handle.kill(reason);
    return true;
  }

  /** Kills every job not already being killed (the pilot leaves, or its slot is over). */
  killAll(reason: string): void {
    for (const job of this.jobs.all()) {
      if (job.phase !== 'stale' && job.killReason === null) {
        this.kill(job.jobId, job.attempt, reason);
      }
    }
  }

  /** The server refused `report` as a stale attempt: kill that job, or find out which one a heartbeat meant. */
  onStaleReport(report: JobReport): void {
    if (report.type !== 'heartbeat') {
      this.markStale(report.jobId, report.attempt);
      return;
    }
    const [only, ...others] = report.jobs;
    if (only !== undefined && others.length === 0) {
      this.markStale(only.jobId, only.attempt);
      return;
    }
    // The ack of a batch cannot say which job is stale: ask about each one alone.
    for (const entry of report.jobs) {
      const job = this.jobs.find(entry.jobId, entry.attempt);
      if (job !== undefined && job.phase === 'running') {
        this.deps.reports.add(createMessage('heartbeat', this.deps.nextId(), { jobs: [usageOf(job)] }), 'probe');
      }
    }
  }

  /** A heartbeat with the usage of every job whose payload runs, fitted into one frame. */
  heartbeat(): HeartbeatMessage {
    const jobs = this.jobs
      .all()
      .filter((job) => job.phase === 'running')
      .map(usageOf);
    return fitHeartbeat(createMessage('heartbeat', this.deps.nextId(), { jobs }));
  }

  private onStarted(job: LocalJob): void {
    if (job.phase !== 'starting' || this.jobs.find(job.jobId, job.attempt) !== job) {
      return;
    }
    job.phase = 'running';
    this.deps.logger.info('job-started', { jobId: job.jobId, attempt: job.attempt });
    this.deps.reports.add(
      createMessage('job-started', this.deps.nextId(), { jobId: job.jobId, attempt: job.attempt, fencingToken: job.fencingToken }),
    );
  }

  private onDone(job: LocalJob, outcome: JobOutcome): void {
    this.jobs.remove(job);
    const stale = job.phase === 'stale';
    this.deps.logger.info('job-finished', {
      jobId: job.jobId,
      attempt: job.attempt,
      status: outcome.status,
      minorStatus: outcome.minorStatus,
      exitCode: outcome.exitCode,
      reported: !stale,
    });
    if (!stale) {
      this.deps.reports.add(finishedReport(this.deps.nextId(), job, outcome));
    }
    this.deps.onEnded();
  }

  private markStale(jobId: number, attempt: number): void {
    this.deps.reports.dropAttempt(jobId, attempt);
    const job = this.jobs.find(jobId, attempt);
    if (job === undefined || job.phase === 'stale') {
      return;
    }
    this.deps.logger.warn('stale-attempt', { jobId, attempt, action: 'killing it: the server gave the job to another attempt' });
    job.phase = 'stale';
    job.handle.kill('Stale attempt: the job was given to another pilot');
  }
}

function usageOf(job: LocalJob): JobUsage {
  const usage = job.handle.usage();
  return {
    jobId: job.jobId,
    attempt: job.attempt,
    fencingToken: job.fencingToken,
    cpuTimeS: Math.max(0, usage.cpuTimeS),
    wallTimeS: Math.max(0, usage.wallTimeS),
    memoryMiB: Math.max(0, usage.memoryMiB),
    stdoutTail: usage.stdoutTail,
  };
}
