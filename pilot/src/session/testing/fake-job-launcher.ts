import type { JobAssignment, JobOutcome, JobUsage } from '../../execution/job-assignment.js';
import type { RunningJob } from '../../execution/running-job.js';
import type { JobLauncher } from '../pilot-session.deps.js';

/**
 * A job the test runs by hand: it starts when told, reports the usage it is given, and ends when told
 * or killed, as the real JobWrapper does (a kill ends it Failed with the reason as minor status). Used
 * where a spec needs to hold a job in a given phase across frames; one spec runs the real JobWrapper.
 */
export class FakeJob implements RunningJob {
  readonly jobId: number;
  readonly attempt: number;
  readonly started: Promise<void>;
  readonly done: Promise<JobOutcome>;
  killedWith: string | null = null;
  currentUsage: JobUsage = { cpuTimeS: 0, wallTimeS: 0, memoryMiB: 0, stdoutTail: '' };
  private resolveStarted: () => void = () => undefined;
  private rejectStarted: (error: Error) => void = () => undefined;
  private resolveDone: (outcome: JobOutcome) => void = () => undefined;
  private ended = false;

  constructor(readonly assignment: JobAssignment) {
    this.jobId = assignment.jobId;
    this.attempt = assignment.attempt;
    this.started = new Promise((resolve, reject) => {
      this.resolveStarted = resolve;
      this.rejectStarted = reject;
    });
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  usage(): JobUsage {
    return this.currentUsage;
  }

  start(): void {
    this.resolveStarted();
  }

  kill(reason: string): void {
    this.killedWith = reason;
    this.finish({ status: 'Failed', minorStatus: reason === '' ? 'Killed by user' : reason, exitCode: null });
  }

  finish(outcome: Partial<JobOutcome> = {}): void {
    if (this.ended) {
      return;
    }
    this.ended = true;
    this.rejectStarted(new Error('the job ended before its payload started'));
    this.resolveDone({
      status: 'Done',
      minorStatus: 'Execution Complete',
      applicationStatus: 'Application exited with status 0',
      exitCode: 0,
      outputSandbox: null,
      cpuTimeS: 1.5,
      wallTimeS: 2,
      ...outcome,
    });
  }
}

export class FakeJobLauncher implements JobLauncher {
  readonly jobs: FakeJob[] = [];

  start(assignment: JobAssignment): RunningJob {
    const job = new FakeJob(assignment);
    // The real wrapper's started promise may be ignored by its caller when the job never starts.
    job.started.catch(() => undefined);
    this.jobs.push(job);
    return job;
  }

  /** The job started for `jobId` (the latest attempt). */
  job(jobId: number): FakeJob {
    const job = this.jobs.findLast((candidate) => candidate.jobId === jobId);
    if (job === undefined) {
      throw new Error(`job ${jobId} was never started`);
    }
    return job;
  }
}
