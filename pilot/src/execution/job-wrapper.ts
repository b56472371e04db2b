import { type Clock } from './clock.js';
import { type ExecutionLogger } from './execution-logger.js';
import { type JobAssignment } from './job-assignment.js';
import { JobRun } from './job-run.js';
import { type ProcessLauncher } from './process-launcher.js';
import { ProcFsTreeReader, type ProcessTreeReader } from './process-tree.js';
import { ProcessTreeKiller, type Signaller } from './process-tree-killer.js';
import { type RunningJob } from './running-job.js';
import { type SandboxTransfer } from './sandbox-transfer.js';

export interface JobWrapperDeps {
  /** Directory under which each attempt gets its own `job-<id>-<attempt>` working directory. */
  workRoot: string;
  sandboxes: SandboxTransfer;
  processes: ProcessLauncher;
  clock: Clock;
  logger: ExecutionLogger;
  /** The environment payloads inherit, copied when the wrapper is made. @default process.env */
  baseEnv?: Readonly<Record<string, string | undefined>>;
  /** How each job's process tree is read. @default /proc */
  tree?: ProcessTreeReader;
  /** Time between two watchdog samples of a job's processes (CPU, memory, limits). @default 5000 */
  sampleIntervalMs?: number;
  /** Time between SIGTERM and SIGKILL when a job is killed. @default 1000 */
  killGraceMs?: number;
  signal?: Signaller;
}

/**
 * Runs job assignments on this node, one `RunningJob` each: a fresh working directory, the input
 * sandbox, the payload in its own process group with its output in files, the watchdog enforcing CPU,
 * wall-clock and memory limits, the output sandbox, and the directory removed again. Like DIRAC's
 * JobWrapper, but in the pilot's process: a short job costs one spawn, not a Python interpreter.
 */
export class JobWrapper {
  private readonly tree: ProcessTreeReader;
  private readonly killer: ProcessTreeKiller;
  private readonly baseEnv: Readonly<Record<string, string | undefined>>;

  constructor(private readonly deps: JobWrapperDeps) {
    // A plain copy taken once: reading process.env goes through a slow accessor on every key, which
    // shows at hundreds of short jobs a second.
    this.baseEnv = { ...(deps.baseEnv ?? process.env) };
    this.tree = deps.tree ?? new ProcFsTreeReader();
    this.killer = new ProcessTreeKiller({ tree: this.tree, graceMs: deps.killGraceMs ?? 1000, signal: deps.signal });
  }

  start(assignment: JobAssignment): RunningJob {
    return new JobRun(assignment, {
      workRoot: this.deps.workRoot,
      sandboxes: this.deps.sandboxes,
      processes: this.deps.processes,
      clock: this.deps.clock,
      logger: this.deps.logger,
      baseEnv: this.baseEnv,
      tree: this.tree,
      killer: this.killer,
      sampleIntervalMs: this.deps.sampleIntervalMs ?? 5000,
    });
  }
}
