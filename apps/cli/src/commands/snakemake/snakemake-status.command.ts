import type { CliIo } from '../../cli-io.js';
import { clientFromEnv } from '../../client-from-env.js';
import { JobStatusLookup, type JobStatusSource } from './job-status-lookup.js';
import { statusCacheStoreFor } from './status-cache.store.js';
import type { SnakemakeStatus } from './snakemake-status.util.js';

export interface JobStatusOptions {
  /** How old a cached status may be, in milliseconds. @default 2000 */
  readonly maxAge?: string;
  /** Seconds of consecutive server errors after which unfinished jobs are `failed`. @default 300 */
  readonly deadline?: string;
}

/**
 * `majorana snakemake status JOBID` (Snakemake's `--cluster-status`): prints exactly one line,
 * `running`, `success` or `failed`, and never fails — Snakemake aborts the whole workflow on any
 * other output or a non-zero exit, so every problem becomes one of the three words plus a line on
 * stderr.
 */
export async function printJobStatus(io: CliIo, jobIdText: string, options: JobStatusOptions): Promise<void> {
  io.stdout(`${await jobStatus(io, jobIdText, options)}\n`);
}

async function jobStatus(io: CliIo, jobIdText: string, options: JobStatusOptions): Promise<SnakemakeStatus> {
  const note = (message: string): void => io.stderr(`majorana: ${message}\n`);
  const jobId = Number(jobIdText.trim());
  if (!/^\d+$/.test(jobIdText.trim()) || !Number.isSafeInteger(jobId) || jobId < 1) {
    note(`"${jobIdText}" is not a JobID (the submit command's output): reporting the job failed`);
    return 'failed';
  }
  const maxAgeMs = optionalNumber(options.maxAge, note, '--max-age');
  const deadlineS = optionalNumber(options.deadline, note, '--deadline');
  try {
    const client = clientFromEnv(io);
    const source: JobStatusSource = {
      async statusesOf(jobIds) {
        // One search for all of them (the client pages past 10,000 IDs).
        return new Map((await client.jobs(jobIds)).map((job) => [job.JobID, job.Status]));
      },
    };
    const lookup = new JobStatusLookup(statusCacheStoreFor(io, client.url), source, Date.now, {
      ...(maxAgeMs === undefined ? {} : { maxAgeMs }),
      ...(deadlineS === undefined ? {} : { deadlineMs: deadlineS * 1000 }),
    });
    const answer = await lookup.statusOf(jobId);
    if (answer.note !== undefined) {
      note(answer.note);
    }
    return answer.status;
  } catch (error) {
    // Not a server error (those are answered above): no credentials, or a bug. Waiting would not fix it.
    note(`cannot follow job ${jobId}: ${error instanceof Error ? error.message : String(error)}`);
    return 'failed';
  }
}

function optionalNumber(value: string | undefined, note: (message: string) => void, option: string): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) {
    note(`${option} must be a number of at least 0, got "${value}": using the default`);
    return undefined;
  }
  return number;
}
