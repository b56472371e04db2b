import { type JobAssignment, type JobSpec } from '../job-assignment.js';

let nextJobId = 1;

/** A job assignment as the session would build it from a `job` message, with a fresh job id. */
export function jobAssignment(spec: Partial<JobSpec>, overrides: Partial<Omit<JobAssignment, 'spec'>> = {}): JobAssignment {
  const jobId = nextJobId++;
  return {
    jobId,
    attempt: 1,
    fencingToken: `fence-${jobId}`,
    spec: {
      executable: '/bin/true',
      arguments: '',
      stdOutput: 'std.out',
      stdError: 'std.err',
      outputSandbox: [],
      environment: {},
      processors: 1,
      maxRamMiB: null,
      ...spec,
    },
    inputSandboxUrl: null,
    outputSandboxUrl: 'http://127.0.0.1:9/unused',
    jobToken: 'job-token',
    cpuTimeLimitS: null,
    wallTimeLimitS: 3600,
    ...overrides,
  };
}
