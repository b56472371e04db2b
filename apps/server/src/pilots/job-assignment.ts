import { DEFAULT_JOB_LIMITS, parseJdl, toJobDescription, type JobDescription } from '@majorana/jdl';
import type { JobSpec } from '@majorana/protocol';

/** Most characters of the JDL sent along with a job, for the pilot's record (the spec is what runs). */
const JDL_RECORD_CHARS = 128 * 1024;

export interface JobRunPlan {
  readonly spec: JobSpec;
  readonly jdl: string;
  /** The CPU time the pilot enforces, in seconds: the job's CPUTime times the allowed share (DIRAC: +20%). */
  readonly cpuTimeLimitS: number;
  /** True when the job's InputSandbox lists an uploaded sandbox (`SB:` entries) for the pilot to fetch. */
  readonly hasInputSandbox: boolean;
}

/**
 * What a pilot runs for a matched job, read from its JDL by the server so the pilot needs no JDL
 * parser. CPUTime is in HS06·s, as in DIRAC: divided by the node's normalisation factor (HS06 per core,
 * which the pilot announces; 1 when it does not) it gives the CPU seconds the watchdog allows.
 */
export function planJobRun(jdl: string, jobId: number, freeProcessors: number, cpuLimitPercent: number, cpuNormalization = 1): JobRunPlan {
  // The stored JDL passed every check at submission and is already expanded (one job per JDL).
  const job = toJobDescription(parseJdl(jdl, { fileName: `job ${jobId}` }), DEFAULT_JOB_LIMITS, { alreadyValidated: true });
  return {
    spec: {
      executable: job.executable,
      arguments: job.arguments,
      stdOutput: job.stdOutput,
      stdError: job.stdError,
      outputSandbox: [...job.outputSandbox],
      environment: environmentOf(job.executionEnvironment),
      processors: processorsFor(job, freeProcessors),
      maxRamMiB: job.maxRAM,
    },
    jdl: jdl.length > JDL_RECORD_CHARS ? jdl.slice(0, JDL_RECORD_CHARS) : jdl,
    cpuTimeLimitS: Math.max(1, Math.ceil((job.cpuTime * cpuLimitPercent) / 100 / cpuNormalization)),
    hasInputSandbox: job.inputSandbox.some((entry) => entry.startsWith('SB:')),
  };
}

/** DIRAC's rules: a fixed NumberOfProcessors, the whole node, or as many as free within Min..Max. */
export function processorsFor(
  job: Pick<JobDescription, 'numberOfProcessors' | 'minNumberOfProcessors' | 'maxNumberOfProcessors' | 'wholeNode'>,
  freeProcessors: number,
): number {
  const free = Math.max(1, freeProcessors);
  if (job.wholeNode) {
    return free;
  }
  if (job.numberOfProcessors !== null) {
    return job.numberOfProcessors;
  }
  const min = job.minNumberOfProcessors ?? 1;
  const max = job.maxNumberOfProcessors ?? min;
  return Math.max(min, Math.min(max, free));
}

function environmentOf(assignments: readonly string[]): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const assignment of assignments) {
    const equals = assignment.indexOf('=');
    environment[assignment.slice(0, equals)] = assignment.slice(equals + 1);
  }
  return environment;
}
