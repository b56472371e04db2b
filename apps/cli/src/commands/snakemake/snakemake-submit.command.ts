import { resolve } from 'node:path';
import { CliUsageError, type CliIo } from '../../cli-io.js';
import { clientFromEnv } from '../../client-from-env.js';
import { buildJobscriptJdl } from './jobscript-jdl.util.js';
import { defaultJobName, readJobscriptProperties } from './jobscript-properties.js';
import { statusCacheStoreFor } from './status-cache.store.js';
import { withSubmitted } from './status-cache.js';

export interface SubmitJobscriptOptions {
  /** JobName. @default `<rule>.<jobid>` from the jobscript's properties line */
  readonly name?: string;
  /** NumberOfProcessors. @default the rule's threads from the jobscript's properties line, else the server's default */
  readonly threads?: string;
  /** JobGroup. @default none */
  readonly group?: string;
  /** CPUTime in seconds. @default the server's */
  readonly cpuTime?: string;
}

/**
 * `majorana snakemake submit JOBSCRIPT` (Snakemake's `--cluster`): submits one job that runs the
 * jobscript in place and prints only its JobID, which Snakemake reads as the first line of stdout.
 * Anything else goes to stderr. Throws the client's errors (the caller prints them and exits 1).
 */
export async function submitJobscript(io: CliIo, jobscript: string, options: SubmitJobscriptOptions): Promise<void> {
  const path = resolve(jobscript);
  const { text } = await io.readInput(path);
  const properties = readJobscriptProperties(text);
  const threads = options.threads === undefined ? properties.threads : positiveInteger('--threads', options.threads);
  const name = options.name ?? defaultJobName(properties);
  const jdl = buildJobscriptJdl({
    jobscript: path,
    firstLine: text.split('\n', 1)[0] ?? '',
    ...(name === undefined || name === '' ? {} : { name }),
    ...(threads === undefined ? {} : { processors: threads }),
    ...(options.group === undefined || options.group === '' ? {} : { jobGroup: options.group }),
    ...(options.cpuTime === undefined ? {} : { cpuTime: positiveInteger('--cpu-time', options.cpuTime) }),
  });
  const client = clientFromEnv(io);
  const submitted = await client.submitJobs([jdl]);
  for (const warning of submitted.warnings) {
    io.stderr(`majorana: ${warning}\n`);
  }
  const jobId = submitted.jobIds[0];
  if (jobId === undefined) {
    throw new CliUsageError('the server accepted the jobscript but returned no JobID');
  }
  // The first poll then finds the job Received without a request.
  const store = statusCacheStoreFor(io, client.url);
  await store.update((latest) => withSubmitted(latest, [jobId], Date.now()));
  io.stdout(`${jobId}\n`);
}

function positiveInteger(option: string, value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
    throw new CliUsageError(`${option} must be a whole number of at least 1, got "${value}"`);
  }
  return Number(value);
}
