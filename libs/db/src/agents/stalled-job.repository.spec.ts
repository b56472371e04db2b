import { beforeAll, describe, expect, it } from '@jest/globals';
import { JobStatus } from '@majorana/domain';
import { JobAttemptRepository } from '../attempts/job-attempt.repository.js';
import { JobRepository } from '../jobs/job.repository.js';
import type { JobAttributeChange } from '../jobs/job-record.js';
import { PilotRepository } from '../pilots/pilot.repository.js';
import { forEachDatabase, newJobFixture, T0 } from '../testing/index.js';
import { StalledJobRepository } from './stalled-job.repository.js';

const MINUTE = 60_000;

describe(StalledJobRepository.name, () => {
  forEachDatabase((_kind, getDataSource) => {
    let sut: StalledJobRepository;
    let jobs: JobRepository;
    let attempts: JobAttemptRepository;
    let pilots: PilotRepository;
    beforeAll(() => {
      sut = new StalledJobRepository(getDataSource());
      jobs = new JobRepository(getDataSource());
      attempts = new JobAttemptRepository(getDataSource());
      pilots = new PilotRepository(getDataSource());
    });

    /** A job put straight into `status` at `time` (the repository does not judge transitions), matched to `pilotRef` of `ce`. */
    async function jobIn(
      status: JobStatus,
      time: number,
      pilotRef: string | null,
      set: JobAttributeChange = {},
      ce = 'local',
    ): Promise<number> {
      const [id = 0] = await jobs.insertJobs([newJobFixture({ submissionTime: time })]);
      await attempts.create({ jobId: id, attempt: 1, fencingToken: `t${id}`, matchedAt: time, site: 'Local.localhost', ce, pilotRef });
      await jobs.transition(id, {
        from: [JobStatus.Received],
        to: { status, minorStatus: 'test' },
        source: 'test',
        time,
        set: { attempt: 1, ...set },
      });
      return id;
    }

    it('finds Running and Completing jobs with no sign of life since the cut-off, and only those', async () => {
      const cutOff = T0 + 10 * MINUTE;
      const silent = await jobIn(JobStatus.Running, T0, null, { startExecTime: T0, heartBeatTime: T0 + MINUTE });
      const beating = await jobIn(JobStatus.Running, T0, null, { startExecTime: T0, heartBeatTime: cutOff + 1 });
      const justStarted = await jobIn(JobStatus.Running, T0, null, { startExecTime: cutOff });
      const completing = await jobIn(JobStatus.Completing, T0 + 2 * MINUTE, null);
      const recentlyUpdated = await jobIn(JobStatus.Running, cutOff + 5, null);
      await jobIn(JobStatus.Matched, T0, null);

      const found = await sut.silentJobs([JobStatus.Running, JobStatus.Completing], cutOff);

      const ids = found.map((row) => row.id);
      expect(ids).toEqual(expect.arrayContaining([silent, completing]));
      expect(ids).not.toContain(beating);
      expect(ids).not.toContain(justStarted);
      expect(ids).not.toContain(recentlyUpdated);
      expect(found.find((row) => row.id === silent)).toEqual({
        id: silent,
        status: JobStatus.Running,
        heartBeatTime: T0 + MINUTE,
        startExecTime: T0,
        lastUpdateTime: T0,
      });
    });

    it('finds Matched jobs whose current attempt is older than the cut-off and never started', async () => {
      const old = await jobIn(JobStatus.Matched, T0, 'local://local/old');
      const fresh = await jobIn(JobStatus.Matched, T0 + 10 * MINUTE, 'local://local/fresh');

      const found = await sut.unstartedMatches(T0 + 5 * MINUTE);

      expect(found).toContainEqual({ id: old, matchedAt: T0, pilotRef: 'local://local/old' });
      expect(found.map((row) => row.id)).not.toContain(fresh);
    });

    it("reads each Stalled job with its current attempt's pilot, or nulls when there is no pilot row", async () => {
      await pilots.recordSubmitted([{ pilotRef: 'local://local/gone', ce: 'local', site: 'Local.localhost', time: T0 }]);
      await pilots.ended('local://local/gone', 'Aborted', 'server stopped', T0 + MINUTE);
      const withPilot = await jobIn(JobStatus.Stalled, T0, 'local://local/gone');
      const withoutRow = await jobIn(JobStatus.Stalled, T0, 'local://local/never-recorded');

      const found = await sut.stalledJobs();

      expect(found).toContainEqual({
        id: withPilot,
        rescheduleCounter: 0,
        pilotRef: 'local://local/gone',
        pilotStatus: 'Aborted',
        pilotLastContact: T0 + MINUTE,
      });
      expect(found).toContainEqual({
        id: withoutRow,
        rescheduleCounter: 0,
        pilotRef: 'local://local/never-recorded',
        pilotStatus: null,
        pilotLastContact: null,
      });
    });

    it('finds the active jobs whose current attempt ran on a pilot of a given CE', async () => {
      const running = await jobIn(JobStatus.Running, T0, 'local://local/p1');
      const stalled = await jobIn(JobStatus.Stalled, T0, 'local://local/p2');
      await jobIn(JobStatus.Done, T0, 'local://local/p1');
      const elsewhere = await jobIn(JobStatus.Running, T0, 'slurm://hpc/7', { site: 'LCG.CPPM.fr' }, 'hpc');

      const found = await sut.jobsOnCe('local', [JobStatus.Running, JobStatus.Stalled]);

      expect(found).toEqual(
        expect.arrayContaining([
          { id: running, status: JobStatus.Running, pilotRef: 'local://local/p1' },
          { id: stalled, status: JobStatus.Stalled, pilotRef: 'local://local/p2' },
        ]),
      );
      expect(found.map((row) => row.id)).not.toContain(elsewhere);
      expect(found.every((row) => row.status === JobStatus.Running || row.status === JobStatus.Stalled)).toBe(true);
      expect(await sut.jobsOnCe('local', [])).toEqual([]);
    });
  });
});
