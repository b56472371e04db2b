import { NOT_FOUND, snakemakeStatusOf, type SnakemakeStatus } from './snakemake-status.util.js';
import { cachedStatus, jobsToRefresh, pruneStatusCache, withRefresh, withRefreshFailure } from './status-cache.js';
import type { StatusCacheStore } from './status-cache.store.js';

/** The server's side of a refresh: the statuses of the jobs among `jobIds` it knows, in one request. */
export interface JobStatusSource {
  statusesOf(jobIds: readonly number[]): Promise<ReadonlyMap<number, string>>;
}

export interface JobStatusLookupOptions {
  /** How old a status may be and still be answered from the cache. @default 2000 */
  readonly maxAgeMs?: number;
  /** How long failed refreshes answer `running` before they answer `failed`. @default 300000 (5 min) */
  readonly deadlineMs?: number;
}

export interface StatusAnswer {
  readonly status: SnakemakeStatus;
  /** Why, when it is worth telling (a server error, an unknown job); for stderr, never stdout. */
  readonly note?: string;
}

export const DEFAULT_MAX_AGE_MS = 2_000;
export const DEFAULT_DEADLINE_MS = 5 * 60 * 1000;

/**
 * Answers Snakemake's one-job status question from the shared cache, refreshing the cache with one
 * search for every job being tracked when the answer is not fresh. A server that does not answer
 * (restarting, overloaded, the network down) keeps jobs `running` for `deadlineMs` of consecutive
 * failures, counted across invocations; after that they are `failed`, so a workflow ends rather
 * than waiting forever for a server that is gone.
 */
export class JobStatusLookup {
  private readonly maxAgeMs: number;
  private readonly deadlineMs: number;

  constructor(
    private readonly store: StatusCacheStore,
    private readonly source: JobStatusSource,
    private readonly now: () => number,
    options: JobStatusLookupOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  }

  async statusOf(jobId: number): Promise<StatusAnswer> {
    const cache = await this.store.read();
    const cached = cachedStatus(cache, jobId, this.now(), this.maxAgeMs);
    if (cached !== undefined) {
      return answerFor(jobId, cached);
    }
    const ids = jobsToRefresh(cache, jobId, this.now());
    let found: ReadonlyMap<number, string>;
    try {
      found = await this.source.statusesOf(ids);
    } catch (error) {
      return this.afterFailure(jobId, error instanceof Error ? error.message : String(error));
    }
    const refreshed = await this.store.update((latest) => pruneStatusCache(withRefresh(latest, jobId, found, this.now()), this.now()));
    return answerFor(jobId, refreshed.jobs[String(jobId)]?.status ?? NOT_FOUND);
  }

  private async afterFailure(jobId: number, error: string): Promise<StatusAnswer> {
    const now = this.now();
    const cache = await this.store.update((latest) => withRefreshFailure(latest, jobId, error, now));
    const failingFor = now - (cache.failingSince ?? now);
    if (failingFor >= this.deadlineMs) {
      return {
        status: 'failed',
        note: `job ${jobId}: no status from the server for ${Math.round(failingFor / 1000)} s (${error}); giving up on it`,
      };
    }
    const left = Math.round((this.deadlineMs - failingFor) / 1000);
    return { status: 'running', note: `job ${jobId}: ${error} (answering running; failed if this lasts ${left} s more)` };
  }
}

function answerFor(jobId: number, majoranaStatus: string): StatusAnswer {
  if (majoranaStatus === NOT_FOUND) {
    return { status: 'failed', note: `job ${jobId} is unknown to the server (or not yours to see): check MAJORANA_URL and MAJORANA_TOKEN` };
  }
  return { status: snakemakeStatusOf(majoranaStatus) };
}
