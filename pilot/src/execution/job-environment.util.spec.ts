import { describe, expect, it } from '@jest/globals';
import { buildJobEnvironment } from './job-environment.util.js';
import { jobAssignment } from './testing/job-assignments.js';

describe(buildJobEnvironment.name, () => {
  it("starts from the pilot's environment and adds the job's identity and processors", () => {
    const assignment = jobAssignment({ processors: 8 }, { attempt: 3 });

    const env = buildJobEnvironment({ PATH: '/usr/bin', HOME: '/home/pilot', UNSET: undefined }, assignment);

    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/pilot',
      OMP_NUM_THREADS: '8',
      MAJORANA_JOB_ID: String(assignment.jobId),
      DIRACJOBID: String(assignment.jobId),
      JOBID: String(assignment.jobId),
      MAJORANA_ATTEMPT: '3',
      MAJORANA_PROCESSORS: '8',
    });
  });

  it("never passes the pilot's credential on to the payload", () => {
    const env = buildJobEnvironment({ PATH: '/bin', MAJORANA_PILOT_TOKEN: 'secret' }, jobAssignment({}));

    expect(env).not.toHaveProperty('MAJORANA_PILOT_TOKEN');
  });

  it('lets the ExecutionEnvironment override OMP_NUM_THREADS and pilot variables, but not the job identity', () => {
    const assignment = jobAssignment({ environment: { OMP_NUM_THREADS: '1', HOME: '/data', DIRACJOBID: '999' } });

    const env = buildJobEnvironment({ HOME: '/home/pilot' }, assignment);

    expect(env).toMatchObject({ OMP_NUM_THREADS: '1', HOME: '/data', DIRACJOBID: String(assignment.jobId) });
  });
});
