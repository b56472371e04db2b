/**
 * What the pilot runs and reports, in the shapes of the protocol's `job`, `heartbeat` and
 * `job-finished` payloads (libs/protocol/README.md), so the session can pass them through unchanged.
 */

/** What to run, read by the server from the JDL (so the pilot needs no JDL parser). */
export interface JobSpec {
  /** A file of the input sandbox, a path, a command on PATH, or a whole command line (`"runstuff.sh inputfile.txt"`). */
  executable: string;
  /** Split into words like a POSIX shell does (quotes and backslashes), but never expanded. */
  arguments: string;
  /** File in the working directory receiving the payload's stdout (`std.out` when empty). */
  stdOutput: string;
  /** File in the working directory receiving the payload's stderr (`std.err` when empty; may equal stdOutput). */
  stdError: string;
  /** Patterns of files to return, relative to the working directory. */
  outputSandbox: string[];
  /** The JDL's ExecutionEnvironment. */
  environment: Record<string, string>;
  /** Slots given to the job; also its OMP_NUM_THREADS. */
  processors: number;
  maxRamMiB: number | null;
}

export interface JobAssignment {
  jobId: number;
  attempt: number;
  fencingToken: string;
  spec: JobSpec;
  inputSandboxUrl: string | null;
  outputSandboxUrl: string;
  /** Bearer token valid only for this attempt's sandbox transfers. */
  jobToken: string;
  cpuTimeLimitS: number | null;
  wallTimeLimitS: number;
}

export type JobFinalStatus = 'Done' | 'Failed';

export interface JobOutcome {
  status: JobFinalStatus;
  minorStatus: string;
  applicationStatus: string;
  /** The payload's exit code; null when it never ran or died of a signal. */
  exitCode: number | null;
  outputSandbox: { sha256: string; bytes: number } | null;
  cpuTimeS: number;
  wallTimeS: number;
}

/** One job's entry of a heartbeat. */
export interface JobUsage {
  cpuTimeS: number;
  wallTimeS: number;
  memoryMiB: number;
  stdoutTail: string;
}
