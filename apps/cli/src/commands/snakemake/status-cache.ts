import { isFinalStatus, NOT_FOUND } from './snakemake-status.util.js';

/** What the cache knows of one job. Times are milliseconds since the epoch. */
export interface CachedJob {
  /** The Majorana status, or {@link NOT_FOUND}. */
  readonly status: string;
  /** When the server last said this status. */
  readonly seenAt: number;
  /** When Snakemake last asked about (or submitted) this job and the cache had no fresh answer. */
  readonly askedAt: number;
}

/**
 * The statuses every `majorana snakemake status` of one user and server shares, so that Snakemake's
 * one-call-per-job polling costs one search per refresh, not one request per job.
 */
export interface StatusCache {
  readonly version: 1;
  /** When a refresh last succeeded (0: never). */
  readonly refreshedAt: number;
  /** When the current run of failed refreshes began; null while the server answers. */
  readonly failingSince: number | null;
  /** The last refresh's error, for the message once the deadline has passed. */
  readonly lastError: string | null;
  /** By JobID. */
  readonly jobs: Readonly<Record<string, CachedJob>>;
}

export const EMPTY_STATUS_CACHE: StatusCache = { version: 1, refreshedAt: 0, failingSince: null, lastError: null, jobs: {} };

/**
 * How long a job Snakemake stopped asking about is still refreshed and kept. Snakemake asks about
 * every active job on each poll (every 10 s), so only jobs of a workflow that has ended (or died)
 * go quiet this long; forgetting one costs one more request if it is asked about again.
 */
export const TRACK_MS = 60 * 60 * 1000;

/** The cache as written on disk; anything unreadable (torn, foreign, an older format) is an empty cache. */
export function parseStatusCache(text: string): StatusCache {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return EMPTY_STATUS_CACHE;
  }
  const cache = parsed as Partial<StatusCache> | null;
  if (cache?.version !== 1 || typeof cache.jobs !== 'object' || cache.jobs === null || typeof cache.refreshedAt !== 'number') {
    return EMPTY_STATUS_CACHE;
  }
  const jobs: Record<string, CachedJob> = {};
  for (const [id, job] of Object.entries(cache.jobs)) {
    if (typeof job?.status === 'string' && typeof job.seenAt === 'number' && typeof job.askedAt === 'number') {
      jobs[id] = { status: job.status, seenAt: job.seenAt, askedAt: job.askedAt };
    }
  }
  return {
    version: 1,
    refreshedAt: cache.refreshedAt,
    failingSince: typeof cache.failingSince === 'number' ? cache.failingSince : null,
    lastError: typeof cache.lastError === 'string' ? cache.lastError : null,
    jobs,
  };
}

/**
 * The status to answer without asking the server, or undefined: a final status is kept as it is (it
 * no longer changes by itself); any other must have been seen within `maxAgeMs`. So must
 * {@link NOT_FOUND}: a JobID asked about before its job existed must not stay unknown.
 */
export function cachedStatus(cache: StatusCache, jobId: number, now: number, maxAgeMs: number): string | undefined {
  const job = cache.jobs[String(jobId)];
  if (job === undefined) {
    return undefined;
  }
  const lasting = isFinalStatus(job.status) && job.status !== NOT_FOUND;
  return lasting || now - job.seenAt <= maxAgeMs ? job.status : undefined;
}

/** The jobs one refresh asks about: `jobId` and every unfinished job asked about within {@link TRACK_MS}, ascending. */
export function jobsToRefresh(cache: StatusCache, jobId: number, now: number): number[] {
  const ids = new Set([jobId]);
  for (const [id, job] of Object.entries(cache.jobs)) {
    if (!isFinalStatus(job.status) && now - job.askedAt <= TRACK_MS) {
      ids.add(Number(id));
    }
  }
  return [...ids].sort((a, b) => a - b);
}

/**
 * `latest` (the cache as it is on disk now, possibly written by another invocation since this one
 * read it) with a refresh's answer merged in: every job found gets its status, unless the cache
 * holds a newer sighting; the job asked about is {@link NOT_FOUND} when the server did not return it.
 * Other missing jobs are left alone: they may belong to another token's workflow.
 */
export function withRefresh(latest: StatusCache, askedJobId: number, found: ReadonlyMap<number, string>, now: number): StatusCache {
  const jobs: Record<string, CachedJob> = { ...latest.jobs };
  for (const [id, status] of found) {
    const known = jobs[String(id)];
    if (known === undefined || known.seenAt <= now) {
      jobs[String(id)] = { status, seenAt: now, askedAt: known?.askedAt ?? now };
    }
  }
  const asked = jobs[String(askedJobId)];
  const answered = found.has(askedJobId) || (asked !== undefined && asked.seenAt > now);
  jobs[String(askedJobId)] =
    answered && asked !== undefined ? { ...asked, askedAt: now } : { status: NOT_FOUND, seenAt: now, askedAt: now };
  return { version: 1, refreshedAt: Math.max(latest.refreshedAt, now), failingSince: null, lastError: null, jobs };
}

/** `latest` after a refresh that failed: the run of failures starts now unless one is under way. */
export function withRefreshFailure(latest: StatusCache, askedJobId: number, error: string, now: number): StatusCache {
  const asked = latest.jobs[String(askedJobId)];
  return {
    ...latest,
    failingSince: latest.failingSince ?? now,
    lastError: error,
    jobs: asked === undefined ? latest.jobs : { ...latest.jobs, [String(askedJobId)]: { ...asked, askedAt: now } },
  };
}

/** `latest` with jobs just submitted: Received, so the next poll is answered without a request. */
export function withSubmitted(latest: StatusCache, jobIds: readonly number[], now: number): StatusCache {
  const jobs: Record<string, CachedJob> = { ...latest.jobs };
  for (const id of jobIds) {
    jobs[String(id)] = { status: 'Received', seenAt: now, askedAt: now };
  }
  return { ...latest, jobs };
}

/** Drops the jobs neither seen nor asked about within {@link TRACK_MS}, so the file stays small. */
export function pruneStatusCache(cache: StatusCache, now: number): StatusCache {
  const jobs: Record<string, CachedJob> = {};
  for (const [id, job] of Object.entries(cache.jobs)) {
    if (now - Math.max(job.seenAt, job.askedAt) <= TRACK_MS) {
      jobs[id] = job;
    }
  }
  return { ...cache, jobs };
}
