import { beforeAll, describe, expect, it } from '@jest/globals';
import { JobStatus } from '@majorana/domain';
import { JobRepository } from '../jobs/job.repository.js';
import { forEachDatabase, newJobFixture, T0 } from '../testing/index.js';
import { WaitingJobRepository } from './waiting-job.repository.js';

describe(WaitingJobRepository.name, () => {
  forEachDatabase((kind, getDataSource) => {
    let sut: WaitingJobRepository;
    beforeAll(() => {
      sut = new WaitingJobRepository(getDataSource());
    });

    // Each test uses its own task-queue ids (the table has no foreign keys), so tests do not meet.

    it('claims the highest priority first, then the oldest job', async () => {
      await sut.enqueue([
        { taskQueueId: 1, jobId: 13, userPriority: 1 },
        { taskQueueId: 1, jobId: 11, userPriority: 5 },
        { taskQueueId: 1, jobId: 12, userPriority: 5 },
        { taskQueueId: 1, jobId: 10, userPriority: 1 },
      ]);
      const claimed = [await sut.claim(1), await sut.claim(1), await sut.claim(1), await sut.claim(1)];

      expect(claimed).toEqual([11, 12, 10, 13]);
      expect(await sut.claim(1)).toBeNull();
    });

    it('takes from the first non-empty queue of a preference list', async () => {
      await sut.enqueue([
        { taskQueueId: 21, jobId: 210, userPriority: 1 },
        { taskQueueId: 22, jobId: 220, userPriority: 9 },
      ]);

      expect(await sut.claim([20, 21, 22])).toBe(210);
      expect(await sut.claim([20, 21, 22])).toBe(220);
      expect(await sut.claim([20, 21, 22])).toBeNull();
      expect(await sut.claim([])).toBeNull();
    });

    it('moves a job enqueued again to its new queue and priority', async () => {
      await sut.enqueue([{ taskQueueId: 31, jobId: 310, userPriority: 1 }]);
      await sut.enqueue([{ taskQueueId: 32, jobId: 310, userPriority: 4 }]);

      expect(await sut.claim(31)).toBeNull();
      expect(await sut.claim(32)).toBe(310);
    });

    it('never hands out a removed job', async () => {
      await sut.enqueue([
        { taskQueueId: 41, jobId: 410, userPriority: 1 },
        { taskQueueId: 41, jobId: 411, userPriority: 1 },
      ]);

      expect(await sut.remove(410)).toBe(true);
      expect(await sut.remove(410)).toBe(false);
      expect(await sut.claim(41)).toBe(411);
      expect(await sut.claim(41)).toBeNull();
    });

    it('puts back Waiting jobs that lost their queue entry, and only those', async () => {
      const jobs = new JobRepository(getDataSource());
      const [orphan, queued, killed] = (await jobs.insertJobs([newJobFixture(), newJobFixture(), newJobFixture()])) as [
        number,
        number,
        number,
      ];
      for (const id of [orphan, queued, killed]) {
        await jobs.transition(id, {
          from: [JobStatus.Received],
          to: { status: JobStatus.Checking, minorStatus: '' },
          source: 't',
          time: T0,
        });
        await jobs.transition(id, {
          from: [JobStatus.Checking],
          to: { status: JobStatus.Waiting, minorStatus: '' },
          source: 't',
          time: T0,
          set: { taskQueueId: 91 },
        });
      }
      await sut.enqueue([{ taskQueueId: 91, jobId: queued, userPriority: 1 }]);
      await jobs.transition(killed, {
        from: [JobStatus.Waiting],
        to: { status: JobStatus.Killed, minorStatus: '' },
        source: 't',
        time: T0,
      });

      expect(await sut.requeueOrphans()).toBe(1);
      expect(await sut.requeueOrphans()).toBe(0);
      const claimed = [await sut.claim(91), await sut.claim(91), await sut.claim(91)];
      expect(claimed.sort()).toEqual([orphan, queued, null].sort());
    });

    it('counts waiting jobs per task queue', async () => {
      await sut.enqueue([
        { taskQueueId: 51, jobId: 510, userPriority: 1 },
        { taskQueueId: 51, jobId: 511, userPriority: 1 },
        { taskQueueId: 52, jobId: 520, userPriority: 1 },
      ]);
      const counts = await sut.countByTaskQueue();

      expect([counts.get(51), counts.get(52), counts.get(53)]).toEqual([2, 1, undefined]);
      await Promise.all([510, 511, 520].map((jobId) => sut.remove(jobId)));
    });

    it(`gives each of 2,000 jobs to exactly one of 40 concurrent claimers (${kind === 'mariadb' ? 'pooled connections' : 'one serialised connection'})`, async () => {
      const queues = [101, 102, 103, 104, 105];
      const jobIds = Array.from({ length: 2_000 }, (_, index) => 100_000 + index);
      await sut.enqueue(
        jobIds.map((jobId, index) => ({ taskQueueId: queues[index % queues.length] ?? 0, jobId, userPriority: index % 3 })),
      );

      const claimer = async (offset: number): Promise<number[]> => {
        // Each claimer prefers a different queue first, so they collide on queue heads and also spread out.
        const preference = queues.map((_, index) => queues[(index + offset) % queues.length] ?? 0);
        const mine: number[] = [];
        for (let jobId = await sut.claim(preference); jobId !== null; jobId = await sut.claim(preference)) {
          mine.push(jobId);
        }
        return mine;
      };
      const perClaimer = await Promise.all(Array.from({ length: 40 }, (_, offset) => claimer(offset)));

      const claimed = perClaimer.flat().sort((a, b) => a - b);
      expect(claimed).toEqual(jobIds);
      expect(perClaimer.filter((mine) => mine.length > 0).length).toBeGreaterThan(1);
      expect((await sut.countByTaskQueue()).size).toBe(0);
    }, 60_000);
  });
});
