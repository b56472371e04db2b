import { describe, expect, it } from '@jest/globals';
import { NOT_FOUND } from './snakemake-status.util.js';
import {
  cachedStatus,
  EMPTY_STATUS_CACHE,
  jobsToRefresh,
  parseStatusCache,
  pruneStatusCache,
  TRACK_MS,
  withRefresh,
  withRefreshFailure,
  withSubmitted,
  type StatusCache,
} from './status-cache.js';

const T = 1_700_000_000_000;

function cacheWith(jobs: StatusCache['jobs'], extra: Partial<StatusCache> = {}): StatusCache {
  return { ...EMPTY_STATUS_CACHE, refreshedAt: T, jobs, ...extra };
}

describe(cachedStatus.name, () => {
  const cache = cacheWith({
    '1': { status: 'Running', seenAt: T, askedAt: T },
    '2': { status: 'Done', seenAt: T - 3_600_000, askedAt: T - 3_600_000 },
  });

  it('answers an unfinished job only while its status is fresh', () => {
    expect(cachedStatus(cache, 1, T + 2_000, 2_000)).toBe('Running');
    expect(cachedStatus(cache, 1, T + 2_001, 2_000)).toBeUndefined();
  });

  it('answers a finished job however old its status is', () => {
    expect(cachedStatus(cache, 2, T + 10_000, 2_000)).toBe('Done');
  });

  it('answers a job the server did not have only while that answer is fresh', () => {
    const unknown = cacheWith({ '5': { status: NOT_FOUND, seenAt: T, askedAt: T } });

    expect(cachedStatus(unknown, 5, T + 2_000, 2_000)).toBe(NOT_FOUND);
    expect(cachedStatus(unknown, 5, T + 2_001, 2_000)).toBeUndefined();
  });

  it('has no answer for a job it does not know', () => {
    expect(cachedStatus(cache, 3, T, 2_000)).toBeUndefined();
  });
});

describe(jobsToRefresh.name, () => {
  it('asks about the job in question and every unfinished job asked about lately, once each, ascending', () => {
    const cache = cacheWith({
      '7': { status: 'Waiting', seenAt: T, askedAt: T },
      '3': { status: 'Running', seenAt: T, askedAt: T - 1000 },
      '4': { status: 'Done', seenAt: T, askedAt: T },
      '5': { status: 'Waiting', seenAt: T - TRACK_MS - 2, askedAt: T - TRACK_MS - 1 },
    });

    expect(jobsToRefresh(cache, 9, T)).toEqual([3, 7, 9]);
    expect(jobsToRefresh(cache, 7, T)).toEqual([3, 7]);
  });
});

describe(withRefresh.name, () => {
  it('records every status found, marks the asked job seen and the refresh done, and clears a failure run', () => {
    const before = cacheWith(
      { '1': { status: 'Waiting', seenAt: T - 5000, askedAt: T - 5000 }, '2': { status: 'Running', seenAt: T - 5000, askedAt: T - 9000 } },
      { failingSince: T - 60_000, lastError: 'ECONNREFUSED' },
    );

    const after = withRefresh(
      before,
      1,
      new Map([
        [1, 'Running'],
        [2, 'Done'],
      ]),
      T,
    );

    expect(after).toEqual({
      version: 1,
      refreshedAt: T,
      failingSince: null,
      lastError: null,
      jobs: { '1': { status: 'Running', seenAt: T, askedAt: T }, '2': { status: 'Done', seenAt: T, askedAt: T - 9000 } },
    });
  });

  it('keeps a newer sighting another invocation wrote meanwhile', () => {
    const latest = cacheWith({ '1': { status: 'Done', seenAt: T + 500, askedAt: T + 500 } }, { refreshedAt: T + 500 });

    const after = withRefresh(latest, 1, new Map([[1, 'Running']]), T);

    expect(after.jobs['1']).toEqual({ status: 'Done', seenAt: T + 500, askedAt: T });
    expect(after.refreshedAt).toBe(T + 500);
  });

  it('marks the asked job not found when the server does not return it, and leaves other missing jobs alone', () => {
    const latest = cacheWith({ '2': { status: 'Running', seenAt: T - 5000, askedAt: T - 5000 } });

    const after = withRefresh(latest, 1, new Map(), T);

    expect(after.jobs['1']).toEqual({ status: NOT_FOUND, seenAt: T, askedAt: T });
    expect(after.jobs['2']).toEqual({ status: 'Running', seenAt: T - 5000, askedAt: T - 5000 });
  });

  it('adds jobs another invocation wrote to the file after this one read it', () => {
    const latest = cacheWith({ '8': { status: 'Received', seenAt: T - 100, askedAt: T - 100 } });

    expect(withRefresh(latest, 1, new Map([[1, 'Done']]), T).jobs).toEqual({
      '1': { status: 'Done', seenAt: T, askedAt: T },
      '8': { status: 'Received', seenAt: T - 100, askedAt: T - 100 },
    });
  });
});

describe(withRefreshFailure.name, () => {
  it('starts a failure run, then keeps its start while it lasts', () => {
    const first = withRefreshFailure(cacheWith({}), 1, 'ECONNREFUSED', T);
    const second = withRefreshFailure(first, 1, 'HTTP 503', T + 10_000);

    expect(first).toMatchObject({ failingSince: T, lastError: 'ECONNREFUSED' });
    expect(second).toMatchObject({ failingSince: T, lastError: 'HTTP 503' });
  });

  it('records that the job was asked about', () => {
    const cache = cacheWith({ '1': { status: 'Running', seenAt: T - 9000, askedAt: T - 9000 } });

    expect(withRefreshFailure(cache, 1, 'x', T).jobs['1']).toEqual({ status: 'Running', seenAt: T - 9000, askedAt: T });
  });
});

describe(withSubmitted.name, () => {
  it('records new jobs as Received, seen and asked about now', () => {
    expect(withSubmitted(cacheWith({}), [4, 5], T).jobs).toEqual({
      '4': { status: 'Received', seenAt: T, askedAt: T },
      '5': { status: 'Received', seenAt: T, askedAt: T },
    });
  });
});

describe(pruneStatusCache.name, () => {
  it('forgets jobs neither seen nor asked about within the tracking window', () => {
    const cache = cacheWith({
      '1': { status: 'Done', seenAt: T - TRACK_MS - 1, askedAt: T - TRACK_MS - 1 },
      '2': { status: 'Waiting', seenAt: T - TRACK_MS - 1, askedAt: T - 10 },
      '3': { status: 'Done', seenAt: T - 10, askedAt: T - TRACK_MS - 1 },
    });

    expect(Object.keys(pruneStatusCache(cache, T).jobs)).toEqual(['2', '3']);
  });
});

describe(parseStatusCache.name, () => {
  it('reads back what was written', () => {
    const cache = cacheWith({ '1': { status: 'Running', seenAt: T, askedAt: T } }, { failingSince: T, lastError: 'x' });

    expect(parseStatusCache(JSON.stringify(cache))).toEqual(cache);
  });

  it('treats a torn, foreign or malformed file as an empty cache, and drops malformed entries', () => {
    expect(parseStatusCache('{"version":1,"jobs":{"1":')).toEqual(EMPTY_STATUS_CACHE);
    expect(parseStatusCache('[1,2]')).toEqual(EMPTY_STATUS_CACHE);
    expect(parseStatusCache('{"version":2,"refreshedAt":0,"jobs":{}}')).toEqual(EMPTY_STATUS_CACHE);
    const partial = { version: 1, refreshedAt: T, jobs: { '1': { status: 'Done', seenAt: T, askedAt: T }, '2': { status: 3 } } };
    expect(parseStatusCache(JSON.stringify(partial)).jobs).toEqual({ '1': { status: 'Done', seenAt: T, askedAt: T } });
  });
});
