import { describe, expect, it } from '@jest/globals';
import { JobStatusLookup, type JobStatusSource } from './job-status-lookup.js';
import { EMPTY_STATUS_CACHE, withSubmitted, type StatusCache } from './status-cache.js';
import type { StatusCacheStore } from './status-cache.store.js';

class MemoryStore implements StatusCacheStore {
  constructor(public cache: StatusCache = EMPTY_STATUS_CACHE) {}

  read(): Promise<StatusCache> {
    return Promise.resolve(this.cache);
  }

  update(change: (latest: StatusCache) => StatusCache): Promise<StatusCache> {
    this.cache = change(this.cache);
    return Promise.resolve(this.cache);
  }
}

/** A server that answers from `statuses`, or fails while `failing` is set; records every request. */
class FakeServer implements JobStatusSource {
  readonly requests: number[][] = [];
  failing: string | undefined;

  constructor(readonly statuses: Map<number, string>) {}

  statusesOf(jobIds: readonly number[]): Promise<ReadonlyMap<number, string>> {
    this.requests.push([...jobIds]);
    if (this.failing !== undefined) {
      return Promise.reject(new Error(this.failing));
    }
    return Promise.resolve(new Map(jobIds.flatMap((id) => (this.statuses.has(id) ? [[id, this.statuses.get(id)!] as const] : []))));
  }
}

function setUp(statuses: [number, string][], cache?: StatusCache) {
  const clock = { now: 1_700_000_000_000 };
  const store = new MemoryStore(cache);
  const server = new FakeServer(new Map(statuses));
  const sut = new JobStatusLookup(store, server, () => clock.now, { maxAgeMs: 2_000, deadlineMs: 300_000 });
  return { sut, store, server, clock };
}

describe(JobStatusLookup.name, () => {
  it('answers every job of a polling round from one request', async () => {
    const { sut, server, clock } = setUp(
      [
        [1, 'Running'],
        [2, 'Done'],
        [3, 'Failed'],
      ],
      withSubmitted(EMPTY_STATUS_CACHE, [1, 2, 3], 1_700_000_000_000 - 60_000),
    );

    const answers = [];
    for (const id of [1, 2, 3]) {
      answers.push((await sut.statusOf(id)).status);
      clock.now += 100;
    }

    expect(answers).toEqual(['running', 'success', 'failed']);
    expect(server.requests).toEqual([[1, 2, 3]]);
  });

  it('asks again once the cached status is older than the max age, but never for a finished job', async () => {
    const { sut, server, clock } = setUp([
      [1, 'Running'],
      [2, 'Done'],
    ]);
    await sut.statusOf(1);
    await sut.statusOf(2);
    clock.now += 2_001;
    server.statuses.set(1, 'Done');

    expect((await sut.statusOf(2)).status).toBe('success');
    expect(server.requests).toHaveLength(2);
    expect((await sut.statusOf(1)).status).toBe('success');
    expect(server.requests).toEqual([[1], [1, 2], [1]]);
  });

  it('answers running through server errors, then failed once they have lasted the deadline', async () => {
    const { sut, server, clock } = setUp([[1, 'Running']]);
    await sut.statusOf(1);
    server.failing = 'cannot reach the Majorana server at http://127.0.0.1:8440 (ECONNREFUSED)';

    clock.now += 5_000;
    const early = await sut.statusOf(1);
    clock.now += 299_999;
    const stillWaiting = await sut.statusOf(1);
    clock.now += 1;
    const late = await sut.statusOf(1);

    expect(early.status).toBe('running');
    expect(early.note).toContain('ECONNREFUSED');
    expect(stillWaiting.status).toBe('running');
    expect(late).toEqual({ status: 'failed', note: expect.stringContaining('giving up') });
  });

  it('starts the deadline afresh after the server has answered again', async () => {
    const { sut, server, clock } = setUp([[1, 'Running']]);
    server.failing = 'HTTP 503';
    await sut.statusOf(1);
    clock.now += 200_000;
    server.failing = undefined;
    await sut.statusOf(1);
    clock.now += 3_000;
    server.failing = 'HTTP 503';
    await sut.statusOf(1);
    clock.now += 200_000;

    expect((await sut.statusOf(1)).status).toBe('running');
  });

  it('keeps answering a finished job from the cache while the server is down', async () => {
    const { sut, server, clock } = setUp([[1, 'Done']]);
    await sut.statusOf(1);
    server.failing = 'HTTP 502';
    clock.now += 3_600_000;

    expect(await sut.statusOf(1)).toEqual({ status: 'success' });
  });

  it('answers failed, saying why, for a job the server does not have', async () => {
    const { sut } = setUp([]);

    expect(await sut.statusOf(42)).toEqual({ status: 'failed', note: expect.stringContaining('job 42 is unknown to the server') });
  });
});
