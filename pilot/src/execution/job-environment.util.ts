import { type JobAssignment } from './job-assignment.js';

/**
 * Variables of the pilot's environment a payload never inherits: the pilot credential would let a
 * user's job ask the server for other users' jobs.
 */
export const PILOT_SECRET_VARIABLES: readonly string[] = ['MAJORANA_PILOT_TOKEN'];

/**
 * The payload's environment: the pilot's own (less its secrets), then OMP_NUM_THREADS (so OpenMP codes use the slots they
 * were given, unless the JDL says otherwise), then the JDL's ExecutionEnvironment, then the job's
 * identity, which a JDL cannot override: scripts written for DIRAC read DIRACJOBID or JOBID.
 */
export function buildJobEnvironment(
  base: Readonly<Record<string, string | undefined>>,
  assignment: Pick<JobAssignment, 'jobId' | 'attempt' | 'spec'>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !PILOT_SECRET_VARIABLES.includes(name)) {
      env[name] = value;
    }
  }
  const jobId = String(assignment.jobId);
  const processors = String(assignment.spec.processors);
  env.OMP_NUM_THREADS = processors;
  Object.assign(env, assignment.spec.environment);
  env.MAJORANA_JOB_ID = jobId;
  env.DIRACJOBID = jobId;
  env.JOBID = jobId;
  env.MAJORANA_ATTEMPT = String(assignment.attempt);
  env.MAJORANA_PROCESSORS = processors;
  return env;
}
