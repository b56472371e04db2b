import { type Clock } from './clock.js';
import { ExecutionError } from './execution.error.js';
import { type ExecutionLogger } from './execution-logger.js';
import { type JobAssignment, type JobOutcome, type JobUsage } from './job-assignment.js';
import { makeRunnableWhenInWorkDir, resolveJobCommand } from './job-command.js';
import { buildJobEnvironment } from './job-environment.util.js';
import { JobMinorStatus } from './job-minor-status.js';
import { type JobVerdict, minorStatusOfError, verdictOfExit, verdictWithoutPayload } from './job-outcome.util.js';
import { JobWatchdog } from './job-watchdog.js';
import { outputSandboxFiles } from './output-files.js';
import { readOutputTail } from './output-tail.js';
import { type LaunchSpec, type LaunchedProcess, type ProcessExit, type ProcessLauncher } from './process-launcher.js';
import { type ProcessTreeReader } from './process-tree.js';
import { type ProcessTreeKiller } from './process-tree-killer.js';
import { type RunningJob } from './running-job.js';
import { type SandboxTransfer, type UploadedSandbox } from './sandbox-transfer.js';
import { createFreshDirectory, fileInside, removeDirectory, workDirectoryOf } from './work-directory.js';

/** What every job run shares; built once by the JobWrapper. */
export interface JobRunContext {
  workRoot: string;
  sandboxes: SandboxTransfer;
  processes: ProcessLauncher;
  clock: Clock;
  logger: ExecutionLogger;
  baseEnv: Readonly<Record<string, string | undefined>>;
  tree: ProcessTreeReader;
  killer: ProcessTreeKiller;
  sampleIntervalMs: number;
}

/**
 * Where a run is. preparing → running (payload started) → finishing (payload ended: outputs) → ended;
 * preparing → finishing when the job ends before its payload could start (download failed, killed,
 * no such executable).
 */
type JobPhase = 'preparing' | 'running' | 'finishing' | 'ended';

/** The default names DIRAC's job wrapper gives the standard streams when the JDL names none. */
const DEFAULT_STDOUT = 'std.out';
const DEFAULT_STDERR = 'std.err';

/** Runs one job assignment from an empty working directory to its outcome (see JobWrapper). */
export class JobRun implements RunningJob {
  readonly jobId: number;
  readonly attempt: number;
  readonly started: Promise<void>;
  readonly done: Promise<JobOutcome>;
  private phase: JobPhase = 'preparing';
  private killReason: string | null = null;
  private readonly abort = new AbortController();
  private leaderPid: number | null = null;
  private watchdog: JobWatchdog | null = null;
  private terminating: Promise<void> | null = null;
  private startedAtMs: number | null = null;
  private endedAtMs: number | null = null;
  private stdoutPath: string | null = null;
  private finalTail: string | null = null;
  private markStarted: () => void = () => undefined;
  private markNotStarted: (error: Error) => void = () => undefined;

  constructor(
    private readonly assignment: JobAssignment,
    private readonly context: JobRunContext,
  ) {
    this.jobId = assignment.jobId;
    this.attempt = assignment.attempt;
    this.started = new Promise<void>((resolve, reject) => {
      this.markStarted = resolve;
      this.markNotStarted = reject;
    });
    // Callers that never look at `started` must not see an unhandled rejection.
    this.started.catch(() => undefined);
    this.done = this.run();
  }

  usage(): JobUsage {
    const sampled = this.watchdog?.usage() ?? { cpuTimeS: 0, memoryMiB: 0 };
    const stdoutTail = this.finalTail ?? (this.phase === 'running' && this.stdoutPath !== null ? readOutputTail(this.stdoutPath) : '');
    return { ...sampled, wallTimeS: this.wallTimeS(), stdoutTail };
  }

  kill(reason: string): void {
    this.stop(reason.trim() === '' ? JobMinorStatus.KilledByUser : reason);
  }

  private get logFields(): Record<string, number> {
    return { jobId: this.jobId, attempt: this.attempt };
  }

  private async run(): Promise<JobOutcome> {
    const workDir = workDirectoryOf(this.context.workRoot, this.jobId, this.attempt);
    let outcome: JobOutcome;
    try {
      outcome = await this.execute(workDir);
    } catch (error) {
      this.context.logger.error('job-wrapper-failed', { ...this.logFields, error: String(error) });
      outcome = this.outcome(verdictWithoutPayload(JobMinorStatus.WrapperError, errorMessage(error)), null);
    }
    this.phase = 'ended';
    this.markNotStarted(new ExecutionError('not-started', `job ${this.jobId} ended before its payload started: ${outcome.minorStatus}`));
    try {
      await removeDirectory(workDir);
    } catch (error) {
      this.context.logger.warn('job-workdir-not-removed', { ...this.logFields, workDir, error: String(error) });
    }
    this.context.logger.info('job-done', {
      ...this.logFields,
      status: outcome.status,
      minorStatus: outcome.minorStatus,
      exitCode: outcome.exitCode,
      cpuTimeS: outcome.cpuTimeS,
      wallTimeS: outcome.wallTimeS,
    });
    return outcome;
  }

  private async execute(workDir: string): Promise<JobOutcome> {
    let launch: LaunchSpec;
    let launched: LaunchedProcess;
    try {
      await createFreshDirectory(workDir);
      launch = await this.prepare(workDir);
      if (this.killReason !== null) {
        return this.outcome(verdictWithoutPayload(this.killReason), null);
      }
      launched = await this.context.processes.launch(launch);
    } catch (error) {
      return this.outcome(this.verdictOfFailure(error), null);
    }
    const exit = await this.supervise(launched);
    this.phase = 'finishing';
    this.finalTail = readOutputTail(launch.stdoutPath);
    const verdict = verdictOfExit(exit, this.killReason);
    return this.returnOutputs(verdict, workDir, launch);
  }

  /** Input sandbox, command, environment: everything before the payload can start. */
  private async prepare(workDir: string): Promise<LaunchSpec> {
    const { spec, inputSandboxUrl, jobToken } = this.assignment;
    const stdoutPath = fileInside(workDir, spec.stdOutput.trim() || DEFAULT_STDOUT, 'StdOutput');
    const stderrPath = fileInside(workDir, spec.stdError.trim() || DEFAULT_STDERR, 'StdError');
    if (inputSandboxUrl !== null) {
      await this.context.sandboxes.download({ url: inputSandboxUrl, token: jobToken, targetDir: workDir, signal: this.abort.signal });
    }
    const env = buildJobEnvironment(this.context.baseEnv, this.assignment);
    const { command, args } = await resolveJobCommand(spec, workDir, env.PATH);
    await makeRunnableWhenInWorkDir(command, workDir);
    this.stdoutPath = stdoutPath;
    return { command, args, cwd: workDir, env, stdoutPath, stderrPath };
  }

  private verdictOfFailure(error: unknown): JobVerdict {
    if (this.killReason !== null) {
      // A kill during the download aborts it: the kill is the story, not the aborted transfer.
      return verdictWithoutPayload(this.killReason);
    }
    if (error instanceof ExecutionError) {
      this.context.logger.warn('job-not-started', { ...this.logFields, code: error.code, error: error.message });
      return verdictWithoutPayload(minorStatusOfError(error.code), error.message);
    }
    throw error;
  }

  /** The running phase: watchdog on, wait for the payload's end, then make sure its whole tree is gone. */
  private async supervise(launched: LaunchedProcess): Promise<ProcessExit> {
    const { cpuTimeLimitS, wallTimeLimitS, spec } = this.assignment;
    this.leaderPid = launched.pid;
    this.startedAtMs = this.context.clock.now();
    this.phase = 'running';
    const watchdog = new JobWatchdog({
      leaderPid: launched.pid,
      startedAtMs: this.startedAtMs,
      limits: { cpuTimeS: cpuTimeLimitS, wallTimeS: wallTimeLimitS, memoryMiB: spec.maxRamMiB },
      tree: this.context.tree,
      clock: this.context.clock,
      intervalMs: this.context.sampleIntervalMs,
      onExceeded: (minorStatus) => this.stop(minorStatus),
      logger: this.context.logger,
      logFields: this.logFields,
    });
    this.watchdog = watchdog;
    watchdog.start();
    this.markStarted();
    if (this.killReason !== null) {
      this.terminate();
    }
    const exit = await launched.exit;
    this.endedAtMs = this.context.clock.now();
    watchdog.stop();
    await this.terminating;
    try {
      await this.context.killer.killLeftovers(launched.pid, watchdog.known);
    } catch (error) {
      this.context.logger.warn('job-leftovers-not-killed', { ...this.logFields, error: String(error) });
    }
    return exit;
  }

  /** Uploads what the job produced; a failed upload fails a job that was otherwise Done. */
  private async returnOutputs(verdict: JobVerdict, workDir: string, launch: LaunchSpec): Promise<JobOutcome> {
    const { spec, outputSandboxUrl, jobToken } = this.assignment;
    const files = await outputSandboxFiles(workDir, spec.outputSandbox, [launch.stdoutPath, launch.stderrPath]);
    if (files.length === 0) {
      return this.outcome(verdict, null);
    }
    let sandbox: UploadedSandbox | null;
    try {
      sandbox = await this.context.sandboxes.upload({
        url: outputSandboxUrl,
        token: jobToken,
        cwd: workDir,
        files,
        signal: this.abort.signal,
      });
    } catch (error) {
      this.context.logger.warn('job-output-upload-failed', { ...this.logFields, error: errorMessage(error) });
      const failed: JobVerdict =
        verdict.status === 'Done' ? { ...verdict, status: 'Failed', minorStatus: JobMinorStatus.OutputSandboxUploadFailed } : verdict;
      return this.outcome(failed, null);
    }
    return this.outcome(verdict, sandbox);
  }

  private stop(reason: string): void {
    if (this.killReason !== null || this.phase === 'ended') {
      return;
    }
    this.killReason = reason;
    this.context.logger.info('job-kill', { ...this.logFields, reason, phase: this.phase });
    if (this.phase === 'running') {
      this.terminate();
      return;
    }
    // preparing: aborts a download in progress (a launch in progress is terminated as soon as it has
    // a pid); finishing: the payload has ended with its own verdict, and the upload is abandoned.
    this.abort.abort(new Error(`job killed: ${reason}`));
  }

  private terminate(): void {
    if (this.leaderPid === null || this.watchdog === null || this.terminating !== null) {
      return;
    }
    this.terminating = this.context.killer.terminate(this.leaderPid, this.watchdog.known).catch((error: unknown) => {
      this.context.logger.error('job-kill-failed', { ...this.logFields, error: String(error) });
    });
  }

  private outcome(verdict: JobVerdict, outputSandbox: UploadedSandbox | null): JobOutcome {
    return {
      ...verdict,
      outputSandbox,
      cpuTimeS: this.watchdog?.usage().cpuTimeS ?? 0,
      wallTimeS: this.wallTimeS(),
    };
  }

  private wallTimeS(): number {
    if (this.startedAtMs === null) {
      return 0;
    }
    const end = this.endedAtMs ?? this.context.clock.now();
    return Math.round(end - this.startedAtMs) / 1000;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
