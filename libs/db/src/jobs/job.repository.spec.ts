import { beforeAll, describe, expect, it } from '@jest/globals';
import { JobStatus } from '@majorana/domain';
import { forEachDatabase, newJobFixture, T0 } from '../testing/index.js';
import { JobRepository } from './job.repository.js';

const S = JobStatus;

describe(JobRepository.name, () => {
  forEachDatabase((_kind, getDataSource) => {
    let sut: JobRepository;
    beforeAll(() => {
      sut = new JobRepository(getDataSource());
    });

    async function oneJob(overrides: Parameters<typeof newJobFixture>[0] = {}): Promise<number> {
      const [id] = await sut.insertJobs([newJobFixture(overrides)]);
      if (id === undefined) {
        throw new Error('no id');
      }
      return id;
    }

    it('stores a new job as Received with its JDLs and a first logging record', async () => {
      const id = await oneJob({ jobName: 'first', site: 'LCG.CERN.ch', jobGroup: 'run42', userPriority: 4 });

      expect(await sut.findById(id)).toEqual({
        id,
        status: S.Received,
        minorStatus: 'Job accepted',
        applicationStatus: 'Unknown',
        owner: 'alice',
        ownerGroup: 'km3net_user',
        vo: 'km3net',
        site: 'LCG.CERN.ch',
        jobName: 'first',
        jobGroup: 'run42',
        jobType: 'User',
        userPriority: 4,
        taskQueueId: null,
        attempt: 0,
        rescheduleCounter: 0,
        submissionTime: T0,
        lastUpdateTime: T0,
        heartBeatTime: null,
        startExecTime: null,
        endExecTime: null,
      });
      expect(await sut.jdl(id)).toEqual({ original: newJobFixture().originalJdl, current: newJobFixture().currentJdl });
      expect(await sut.loggingHistory(id)).toEqual([
        expect.objectContaining({ jobId: id, status: S.Received, minorStatus: 'Job accepted', time: T0, source: 'JobManager' }),
      ]);
    });

    it('returns ids in the order the jobs were given', async () => {
      const ids = await sut.insertJobs(['a', 'b', 'c'].map((jobName) => newJobFixture({ jobName })));
      const jobs = await sut.findByIds(ids);
      expect(jobs.map((job) => job.jobName)).toEqual(['a', 'b', 'c']);
      expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    });

    it('stores nothing when one job of a batch cannot be stored', async () => {
      const before = await sut.search({ conditions: [], sort: [], page: 1, perPage: 1 });
      await expect(sut.insertJobs([newJobFixture(), newJobFixture({ owner: 'x'.repeat(300) })])).rejects.toThrow(
        'Owner is longer than 255',
      );
      expect((await sut.search({ conditions: [], sort: [], page: 1, perPage: 1 })).total).toBe(before.total);
    });

    it('finds only the jobs that exist, by ascending id', async () => {
      const [a, b] = await sut.insertJobs([newJobFixture(), newJobFixture()]);
      expect((await sut.findByIds([b ?? 0, 999_999, a ?? 0, b ?? 0])).map((job) => job.id)).toEqual([a, b]);
      expect(await sut.findById(999_999)).toBeNull();
      expect(await sut.insertJobs([])).toEqual([]);
    });

    it('moves a job from an allowed state, with its attributes, and logs the change', async () => {
      const id = await oneJob();
      const applied = await sut.transition(id, {
        from: [S.Received],
        to: { status: S.Checking, minorStatus: 'JobSanity', applicationStatus: 'Queued' },
        source: 'Optimizer',
        time: T0 + 5,
        set: { site: 'LCG.IN2P3.fr', attempt: 1 },
      });

      expect(applied).toBe(true);
      expect(await sut.findById(id)).toMatchObject({
        status: S.Checking,
        minorStatus: 'JobSanity',
        applicationStatus: 'Queued',
        site: 'LCG.IN2P3.fr',
        attempt: 1,
        lastUpdateTime: T0 + 5,
      });
      expect(
        (await sut.loggingHistory(id)).map(({ status, minorStatus, applicationStatus, time, source }) => [
          status,
          minorStatus,
          applicationStatus,
          time,
          source,
        ]),
      ).toEqual([
        [S.Received, 'Job accepted', 'Unknown', T0, 'JobManager'],
        [S.Checking, 'JobSanity', 'Queued', T0 + 5, 'Optimizer'],
      ]);
    });

    it('refuses a transition from a state the job is not in and leaves the row and history unchanged', async () => {
      const id = await oneJob();
      const before = { job: await sut.findById(id), history: await sut.loggingHistory(id) };

      const applied = await sut.transition(id, {
        from: [S.Running, S.Waiting],
        to: { status: S.Done, minorStatus: 'Execution Complete' },
        source: 'JobWrapper',
        time: T0 + 9,
        set: { endExecTime: T0 + 9 },
      });

      expect(applied).toBe(false);
      expect({ job: await sut.findById(id), history: await sut.loggingHistory(id) }).toEqual(before);
      expect(
        await sut.transition(999_999, { from: [S.Received], to: { status: S.Checking, minorStatus: '' }, source: 't', time: T0 }),
      ).toBe(false);
    });

    it('moves many jobs at once, only those in an allowed state, logging each one', async () => {
      const ids = await sut.insertJobs([newJobFixture(), newJobFixture(), newJobFixture()]);
      const [first, second, third] = ids as [number, number, number];
      await sut.transition(second, {
        from: [S.Received],
        to: { status: S.Killed, minorStatus: 'Killed by ana' },
        source: 'ana',
        time: T0 + 1,
      });

      const moved = await sut.transitionMany([first, second, third, 999_999], {
        from: [S.Received],
        to: { status: S.Checking, minorStatus: 'JobSanity' },
        source: 'Optimizer',
        time: T0 + 2,
        set: { taskQueueId: 7 },
      });

      expect(moved.sort((a, b) => a - b)).toEqual([first, third]);
      expect(await sut.findById(first)).toMatchObject({
        status: S.Checking,
        minorStatus: 'JobSanity',
        taskQueueId: 7,
        lastUpdateTime: T0 + 2,
      });
      expect(await sut.findById(second)).toMatchObject({ status: S.Killed, taskQueueId: null });
      expect((await sut.loggingHistory(third)).map((record) => [record.status, record.source])).toEqual([
        [S.Received, 'JobManager'],
        [S.Checking, 'Optimizer'],
      ]);
      expect((await sut.loggingHistory(second)).map((record) => record.status)).toEqual([S.Received, S.Killed]);
    });

    it('lets exactly one of many concurrent transitions from the same state win', async () => {
      const id = await oneJob();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          sut.transition(id, {
            from: [S.Received],
            to: { status: S.Checking, minorStatus: `racer ${index}` },
            source: 'race',
            time: T0 + index,
          }),
        ),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect(await sut.findById(id)).toMatchObject({ status: S.Checking, minorStatus: `racer ${winner}` });
      expect((await sut.loggingHistory(id)).map((record) => record.minorStatus)).toEqual(['Job accepted', `racer ${winner}`]);
    });

    it('changes the minor status only while the job is in one of the given states', async () => {
      const id = await oneJob();
      const options = { source: 'Pilot', time: T0 + 1, applicationStatus: 'step 1/3' };

      expect(await sut.setMinorStatus(id, 'Downloading', { ...options, whileStatusIn: [S.Running] })).toBe(false);
      expect(await sut.setMinorStatus(id, 'Downloading', { ...options, whileStatusIn: [S.Received] })).toBe(true);

      expect(await sut.findById(id)).toMatchObject({ status: S.Received, minorStatus: 'Downloading', applicationStatus: 'step 1/3' });
      expect((await sut.loggingHistory(id)).map((record) => record.minorStatus)).toEqual(['Job accepted', 'Downloading']);
    });

    it('cuts an over-long application status instead of failing the report', async () => {
      const id = await oneJob();
      await sut.setMinorStatus(id, 'Running', { source: 'Pilot', time: T0 + 1, applicationStatus: 'é'.repeat(300) });
      expect((await sut.findById(id))?.applicationStatus).toBe('é'.repeat(255));
    });

    it('records heartbeats, task queues and reschedules', async () => {
      const id = await oneJob();

      expect(await sut.setHeartBeat(id, T0 + 60, [S.Running])).toBe(false);
      expect(await sut.setHeartBeat(id, T0 + 60)).toBe(true);
      expect(await sut.setTaskQueue(id, 7)).toBe(true);
      expect(await sut.incrementReschedule(id)).toBe(1);
      expect(await sut.incrementReschedule(id)).toBe(2);
      expect(await sut.incrementReschedule(999_999)).toBeNull();

      expect(await sut.findById(id)).toMatchObject({ heartBeatTime: T0 + 60, taskQueueId: 7, rescheduleCounter: 2 });
    });

    it('adds and overwrites job parameters and lists them by name', async () => {
      const id = await oneJob();
      await sut.setParameters(id, { HostName: 'wn01', CPUNormalizationFactor: '9.5' });
      await sut.setParameters(id, { HostName: 'wn02', 'Memory(MB)': '2000' });
      await sut.setParameters(id, {});

      expect(await sut.parameters(id)).toEqual([
        { name: 'CPUNormalizationFactor', value: '9.5' },
        { name: 'HostName', value: 'wn02' },
        { name: 'Memory(MB)', value: '2000' },
      ]);
    });

    it('keeps the original JDL when the current one is rewritten, large JDLs included', async () => {
      const large = `[ Arguments = "${'x'.repeat(200_000)}"; ]`;
      const id = await oneJob({ originalJdl: large, currentJdl: large });

      expect(await sut.setCurrentJdl(id, '[ Executable = "b"; ]')).toBe(true);
      expect(await sut.jdl(id)).toEqual({ original: large, current: '[ Executable = "b"; ]' });
      expect(await sut.jdl(999_999)).toBeNull();
    });

    it('compares text exactly: owner "alice" is not "Alice"', async () => {
      const id = await oneJob({ owner: 'Alice', jobName: 'case-test' });
      const result = await sut.search({
        conditions: [
          { parameter: 'Owner', operator: 'eq', value: 'alice' },
          { parameter: 'JobName', operator: 'eq', value: 'case-test' },
        ],
        sort: [],
        page: 1,
        perPage: 10,
      });
      expect(result.total).toBe(0);
      expect((await sut.findById(id))?.owner).toBe('Alice');
    });
  });
});
