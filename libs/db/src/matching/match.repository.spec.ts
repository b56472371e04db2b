import { beforeAll, describe, expect, it } from '@jest/globals';
import { JobStatus } from '@majorana/domain';
import { JobAttemptRepository } from '../attempts/job-attempt.repository.js';
import { JobRepository } from '../jobs/job.repository.js';
import { WaitingJobRepository } from '../task-queues/waiting-job.repository.js';
import { forEachDatabase, newJobFixture, T0 } from '../testing/index.js';
import { MatchRepository, type ClaimedJob, type SlotClaim } from './match.repository.js';

const OPTIONS = { time: T0 + 1_000, source: 'Matcher', maxRefusalsPerSlot: 3 };

/** A slot that tries `queues` in order and accepts what `accepts` says. */
function slot(queues: readonly number[], accepts: (job: ClaimedJob) => boolean = () => true, site = 'LCG.CERN.ch'): SlotClaim {
  return {
    site,
    ce: 'ce01.cern.ch',
    fencingToken: `token-${Math.random()}`,
    nextQueue: (empty) => queues.find((queue) => !empty.has(queue)),
    accepts,
  };
}

describe(MatchRepository.name, () => {
  forEachDatabase((_kind, getDataSource) => {
    let sut: MatchRepository;
    let jobs: JobRepository;
    let waiting: WaitingJobRepository;
    let attempts: JobAttemptRepository;
    beforeAll(() => {
      sut = new MatchRepository(getDataSource());
      jobs = new JobRepository(getDataSource());
      waiting = new WaitingJobRepository(getDataSource());
      attempts = new JobAttemptRepository(getDataSource());
    });

    // Each test uses its own task-queue ids, so tests do not take each other's jobs.
    async function waitingJobs(taskQueueId: number, priorities: readonly number[]): Promise<number[]> {
      const ids = await jobs.insertJobs(priorities.map((userPriority) => newJobFixture({ userPriority })));
      for (const id of ids) {
        await jobs.transition(id, {
          from: [JobStatus.Received],
          to: { status: JobStatus.Waiting, minorStatus: 'Pilot Agent Submission' },
          source: 'test',
          time: T0,
          set: { taskQueueId },
        });
      }
      await waiting.enqueue(ids.map((jobId, index) => ({ taskQueueId, jobId, userPriority: priorities[index]! })));
      return ids;
    }

    it('gives each slot of a batch its own job, Matched with attempt 1, a logging row and the attempt recorded', async () => {
      const ids = await waitingJobs(101, [1, 1, 1]);
      const slots = [slot([101]), slot([101], undefined, 'LCG.IN2P3.fr')];

      const matched = await sut.matchBatch(slots, OPTIONS);

      expect(matched.map((job) => job?.jobId)).toEqual([ids[0], ids[1]]);
      const first = await jobs.findById(ids[0]!);
      expect(first).toMatchObject({ status: JobStatus.Matched, minorStatus: 'Assigned', site: 'LCG.CERN.ch', attempt: 1 });
      expect(await jobs.findById(ids[1]!)).toMatchObject({ status: JobStatus.Matched, site: 'LCG.IN2P3.fr', attempt: 1 });
      expect((await jobs.loggingHistory(ids[0]!)).at(-1)).toMatchObject({
        status: JobStatus.Matched,
        source: 'Matcher',
        time: OPTIONS.time,
      });
      expect(await attempts.current(ids[0]!)).toMatchObject({
        attempt: 1,
        fencingToken: slots[0]!.fencingToken,
        site: 'LCG.CERN.ch',
        ce: 'ce01.cern.ch',
      });
      expect(matched[0]).toMatchObject({
        attempt: 1,
        fencingToken: slots[0]!.fencingToken,
        owner: 'alice',
        currentJdl: expect.stringContaining('reco.sh'),
      });
      expect(await waiting.claim(101)).toBe(ids[2]);
    });

    it('answers null for a slot whose queues are empty, and tries the next queue first', async () => {
      const [id] = await waitingJobs(112, [1]);

      const matched = await sut.matchBatch([slot([111, 112]), slot([111, 112])], OPTIONS);

      expect(matched.map((job) => job?.jobId ?? null)).toEqual([id, null]);
    });

    it('tells each slot how many queues it was given before in this batch', async () => {
      const [id] = await waitingJobs(116, [1]);
      const asked: [number[], number][] = [];
      const counting: SlotClaim = {
        ...slot([]),
        nextQueue: (empty, tries) => {
          asked.push([[...empty], tries]);
          return [115, 116].find((queue) => !empty.has(queue));
        },
      };

      const matched = await sut.matchBatch([counting], OPTIONS);

      expect(matched[0]?.jobId).toBe(id);
      expect(asked).toEqual([
        [[], 0],
        [[115], 1],
      ]);
    });

    it('gives the slots of one run (same queue) its head jobs in queue order, one each', async () => {
      const ids = await waitingJobs(117, [1, 9, 5, 1]);

      const matched = await sut.matchBatch([slot([117]), slot([117]), slot([117])], OPTIONS);

      // Highest priority first, then the oldest: 9, 5, then the first of the two 1s.
      expect(matched.map((job) => job?.jobId)).toEqual([ids[1], ids[2], ids[0]]);
      expect(await waiting.claim(117)).toBe(ids[3]);
    });

    it('puts a refused job back with its priority, and the slot takes the next one', async () => {
      const [refused, taken] = await waitingJobs(121, [5, 1]);

      const matched = await sut.matchBatch([slot([121], (job) => job.jobId !== refused)], OPTIONS);

      expect(matched[0]?.jobId).toBe(taken);
      expect(await jobs.findById(refused!)).toMatchObject({ status: JobStatus.Waiting, attempt: 0 });
      expect(await waiting.claim(121)).toBe(refused);
    });

    it('gives up after the refusals allowed, leaving every refused job waiting', async () => {
      const ids = await waitingJobs(131, [1, 1, 1, 1, 1]);

      const matched = await sut.matchBatch([slot([131], () => false)], OPTIONS);

      expect(matched).toEqual([null]);
      const back = [
        await waiting.claim(131),
        await waiting.claim(131),
        await waiting.claim(131),
        await waiting.claim(131),
        await waiting.claim(131),
      ];
      expect(back.sort()).toEqual([...ids].sort());
    });

    it('never matches a job that left Waiting (killed) even though its queue entry remained', async () => {
      const [killed, next] = await waitingJobs(141, [9, 1]);
      await jobs.transition(killed!, {
        from: [JobStatus.Waiting],
        to: { status: JobStatus.Killed, minorStatus: 'Killed by user' },
        source: 'alice',
        time: T0,
      });

      const matched = await sut.matchBatch([slot([141])], OPTIONS);

      expect(matched[0]?.jobId).toBe(next);
      expect(await jobs.findById(killed!)).toMatchObject({ status: JobStatus.Killed });
      expect(await attempts.current(killed!)).toBeNull();
    });

    it('makes attempt n + 1 for a job matched before', async () => {
      const [id] = await waitingJobs(151, [1]);
      await jobs.transition(id!, {
        from: [JobStatus.Waiting],
        to: { status: JobStatus.Waiting, minorStatus: 'Rescheduled' },
        source: 'test',
        time: T0,
        set: { attempt: 2 },
      });

      const [matched] = await sut.matchBatch([slot([151])], OPTIONS);

      expect(matched?.attempt).toBe(3);
      expect(await jobs.findById(id!)).toMatchObject({ attempt: 3 });
    });

    it('hands every job out once to batches racing each other', async () => {
      const ids = await waitingJobs(
        161,
        Array.from({ length: 40 }, () => 1),
      );

      const batches = await Promise.all(
        Array.from({ length: 6 }, () =>
          sut.matchBatch(
            Array.from({ length: 10 }, () => slot([161])),
            OPTIONS,
          ),
        ),
      );

      const got = batches.flat().flatMap((job) => (job === null ? [] : [job.jobId]));
      expect(got).toHaveLength(40);
      expect(new Set(got)).toEqual(new Set(ids));
    });

    it('refuses a site name longer than the column before touching anything', async () => {
      const [id] = await waitingJobs(171, [1]);

      await expect(sut.matchBatch([slot([171], undefined, 'x'.repeat(200))], OPTIONS)).rejects.toThrow(/Site/);
      expect(await waiting.claim(171)).toBe(id);
    });
  });
});
