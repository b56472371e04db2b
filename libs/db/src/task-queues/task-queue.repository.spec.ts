import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { forEachDatabase, T0 } from '../testing/index.js';
import type { NewTaskQueue } from './task-queue-record.js';
import { TaskQueueRepository } from './task-queue.repository.js';
import { WaitingJobRepository } from './waiting-job.repository.js';

function queue(definition: object, createdAt = T0): NewTaskQueue {
  const json = JSON.stringify(definition);
  return {
    key: createHash('sha256').update(json).digest('hex'),
    definition: json,
    owner: 'alice',
    ownerGroup: 'km3net_user',
    vo: 'km3net',
    cpuTime: 86_400,
    createdAt,
  };
}

describe(TaskQueueRepository.name, () => {
  forEachDatabase((_kind, getDataSource) => {
    let sut: TaskQueueRepository;
    let waiting: WaitingJobRepository;
    beforeAll(() => {
      sut = new TaskQueueRepository(getDataSource());
      waiting = new WaitingJobRepository(getDataSource());
    });

    it('returns the same queue for the same key and a new one for another key', async () => {
      const first = await sut.findOrCreate(queue({ sites: ['A'] }));
      const again = await sut.findOrCreate(queue({ sites: ['A'] }));
      const other = await sut.findOrCreate(queue({ sites: ['B'] }));

      expect(again).toBe(first);
      expect(other).not.toBe(first);
      expect(await sut.findById(first)).toEqual({ id: first, ...queue({ sites: ['A'] }) });
      expect(await sut.findById(999_999)).toBeNull();
    });

    it('creates one queue when many callers ask for the same new key at once', async () => {
      const wanted = queue({ sites: ['race'] });
      const ids = await Promise.all(Array.from({ length: 20 }, () => sut.findOrCreate(wanted)));

      expect(new Set(ids).size).toBe(1);
      expect((await sut.list()).filter((each) => each.key === wanted.key)).toHaveLength(1);
    });

    it('refuses a key that is not a sha-256 in hex', async () => {
      await expect(sut.findOrCreate({ ...queue({}), key: 'not-a-hash' })).rejects.toThrow('64 lowercase hex digits');
    });

    it('lists queues with their waiting jobs and deletes only old empty ones', async () => {
      const busy = await sut.findOrCreate(queue({ list: 'busy' }));
      const idleOld = await sut.findOrCreate(queue({ list: 'idle-old' }));
      const idleNew = await sut.findOrCreate(queue({ list: 'idle-new' }, T0 + 10_000));
      await waiting.enqueue([
        { taskQueueId: busy, jobId: 1, userPriority: 1 },
        { taskQueueId: busy, jobId: 2, userPriority: 1 },
      ]);
      const counts = new Map((await sut.list()).map((each) => [each.id, each.waitingJobs]));
      expect([counts.get(busy), counts.get(idleOld), counts.get(idleNew)]).toEqual([2, 0, 0]);
      const nonEmpty = (await sut.listNonEmpty()).map((each) => each.id);
      expect([nonEmpty.includes(busy), nonEmpty.includes(idleOld), nonEmpty.includes(idleNew)]).toEqual([true, false, false]);

      await sut.deleteEmpty(T0 + 5_000);

      const left = new Set((await sut.list()).map((each) => each.id));
      expect([left.has(busy), left.has(idleOld), left.has(idleNew)]).toEqual([true, false, true]);
    });
  });
});
