import { beforeAll, describe, expect, it } from '@jest/globals';
import { JobStatus } from '@majorana/domain';
import { JobRepository } from '../jobs/job.repository.js';
import { PilotRepository } from '../pilots/pilot.repository.js';
import { WaitingJobRepository } from '../task-queues/waiting-job.repository.js';
import { forEachDatabase, newJobFixture, T0 } from '../testing/index.js';
import { CleaningRepository } from './cleaning.repository.js';

const DAY = 24 * 3600 * 1000;

describe(CleaningRepository.name, () => {
  forEachDatabase((_kind, getDataSource) => {
    let sut: CleaningRepository;
    let jobs: JobRepository;
    let pilots: PilotRepository;
    let waiting: WaitingJobRepository;
    beforeAll(() => {
      sut = new CleaningRepository(getDataSource());
      jobs = new JobRepository(getDataSource());
      pilots = new PilotRepository(getDataSource());
      waiting = new WaitingJobRepository(getDataSource());
    });

    async function jobIn(status: JobStatus, time: number): Promise<number> {
      const [id = 0] = await jobs.insertJobs([newJobFixture({ submissionTime: T0 })]);
      await getDataSource().query('UPDATE jobs SET status = ?, lastUpdateTime = ? WHERE id = ?', [status, time, id]);
      return id;
    }

    it('finds jobs in the given states unchanged since before the cutoff, oldest first, bounded', async () => {
      const old = await jobIn(JobStatus.Done, T0 - 10 * DAY);
      const older = await jobIn(JobStatus.Killed, T0 - 20 * DAY);
      await jobIn(JobStatus.Done, T0); // recent
      await jobIn(JobStatus.Running, T0 - 20 * DAY); // not finished
      const found = await sut.jobsLastChangedBefore([JobStatus.Done, JobStatus.Killed], T0 - 7 * DAY, 100);
      expect(found.filter((id) => id === old || id === older)).toEqual([older, old]);
      expect(await sut.jobsLastChangedBefore([JobStatus.Done, JobStatus.Killed], T0 - 7 * DAY, 1)).toHaveLength(1);
    });

    it('trims the logging history of long-Deleted jobs to its last record, once', async () => {
      const [id = 0] = await jobs.insertJobs([newJobFixture()]);
      await jobs.transition(id, {
        from: [JobStatus.Received],
        to: { status: JobStatus.Deleted, minorStatus: 'gone' },
        source: 'test',
        time: T0 - 30 * DAY,
      });
      expect((await jobs.loggingHistory(id)).length).toBeGreaterThan(1);
      await getDataSource().query('UPDATE jobs SET lastUpdateTime = ? WHERE id = ?', [T0 - 30 * DAY, id]);
      expect(await sut.deletedJobsWithHistory(T0 - 7 * DAY, 100)).toContain(id);
      expect(await sut.trimLoggingHistory([id])).toBeGreaterThan(0);
      expect((await jobs.loggingHistory(id)).map((record) => record.status)).toEqual([JobStatus.Deleted]);
      expect(await sut.deletedJobsWithHistory(T0 - 7 * DAY, 100)).not.toContain(id);
    });

    it('drops the heartbeat rows of jobs that ended', async () => {
      const ended = await jobIn(JobStatus.Failed, T0);
      const running = await jobIn(JobStatus.Running, T0);
      for (const jobId of [ended, running]) {
        await getDataSource().query(
          'INSERT INTO job_heartbeats (jobId, attempt, time, cpuTimeS, wallTimeS, memoryMiB, stdoutTail) VALUES (?, 1, ?, 0, 0, 0, ?)',
          [jobId, T0, ''],
        );
      }
      expect(await sut.dropHeartbeatsOfEndedJobs([JobStatus.Failed, JobStatus.Done], 100)).toBe(1);
      const left = await getDataSource().query<{ jobId: number }[]>('SELECT jobId FROM job_heartbeats');
      expect(left.map((row) => Number(row.jobId))).toEqual([running]);
    });

    it('marks pilots Waiting, counts them per CE, and Deletes those ended long ago', async () => {
      await pilots.recordSubmitted([
        { pilotRef: 'slurm://c1/1', ce: 'c1', site: 'S', time: T0 },
        { pilotRef: 'slurm://c1/2', ce: 'c1', site: 'S', time: T0 },
        { pilotRef: 'slurm://c2/3', ce: 'c2', site: 'S', time: T0 },
      ]);
      expect(await pilots.markWaiting(['slurm://c1/1', 'slurm://c2/3'])).toBe(2);
      expect(await pilots.countOpenByStatus('c1')).toEqual(
        new Map([
          ['Submitted', 1],
          ['Waiting', 1],
        ]),
      );
      await pilots.ended('slurm://c1/2', 'Done', 'bye', T0 - 10 * DAY);
      expect(await pilots.markDeletedEndedBefore(T0 - 7 * DAY, 100)).toBe(1);
      expect((await pilots.find('slurm://c1/2'))?.status).toBe('Deleted');
      expect(await pilots.ended('slurm://c1/2', 'Aborted', 'late', T0)).toBe(false);
    });

    it('counts waiting jobs of some task queues up to a cap', async () => {
      const ids = await jobs.insertJobs(Array.from({ length: 5 }, () => newJobFixture()));
      await waiting.enqueue(ids.map((jobId) => ({ jobId, taskQueueId: 9001, userPriority: 1 })));
      expect(await waiting.countInQueues([9001, 9002], 100)).toBe(5);
      expect(await waiting.countInQueues([9001], 3)).toBe(3);
      expect(await waiting.countInQueues([9002], 3)).toBe(0);
      expect(await waiting.countInQueues([], 3)).toBe(0);
    });
  });
});
