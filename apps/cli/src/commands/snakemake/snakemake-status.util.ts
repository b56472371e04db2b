/** The three answers Snakemake 7's `--cluster-status` accepts; any other output aborts the whole workflow. */
export type SnakemakeStatus = 'running' | 'success' | 'failed';

/**
 * Not a Majorana status: what the cache records for a job the server says it does not have (or that
 * this token may not see). Snakemake must not wait for it forever, so it counts as failed.
 */
export const NOT_FOUND = 'NotFound';

/** Majorana statuses after which a job does nothing more by itself, plus {@link NOT_FOUND}. */
const FINAL = new Set(['Done', 'Failed', 'Killed', 'Deleted', NOT_FOUND]);

/**
 * Done is success; Failed, Killed and Deleted are failed; every other status — Received, Waiting,
 * Matched, Running, Completing, Completed, and also Stalled and Rescheduled, from which Majorana
 * brings the job back by itself — is still running.
 */
export function snakemakeStatusOf(majoranaStatus: string): SnakemakeStatus {
  if (majoranaStatus === 'Done') {
    return 'success';
  }
  return FINAL.has(majoranaStatus) ? 'failed' : 'running';
}

/** Whether a job in this status can still change by itself (so a cached answer may go stale). */
export function isFinalStatus(majoranaStatus: string): boolean {
  return FINAL.has(majoranaStatus);
}
