import { CliUsageError, type CliIo } from '../../cli-io.js';
import { clientFromEnv } from '../../client-from-env.js';

/** The server's most JobIDs in one kill request. */
const MAX_IDS_PER_REQUEST = 10_000;

/**
 * `majorana snakemake cancel ID…` (Snakemake's `--cluster-cancel`, through the profile's
 * `majorana-cancel` wrapper): kills the jobs with one request. IDs may be separated by spaces or
 * commas. A job that has already ended is not an error; the summary goes to stderr. Throws the
 * client's errors (the caller prints them and exits 1).
 */
export async function cancelJobs(io: CliIo, jobIdTexts: readonly string[]): Promise<void> {
  const words = jobIdTexts.flatMap((text) => text.split(/[\s,]+/)).filter(Boolean);
  const bad = words.filter((word) => !/^\d+$/.test(word) || Number(word) < 1);
  if (bad.length > 0) {
    throw new CliUsageError(`not JobIDs: ${bad.join(', ')}`);
  }
  const jobIds = [...new Set(words.map(Number))];
  const client = clientFromEnv(io);
  const outcomes = new Map<string, number[]>();
  for (let start = 0; start < jobIds.length; start += MAX_IDS_PER_REQUEST) {
    const { results } = await client.killJobs(jobIds.slice(start, start + MAX_IDS_PER_REQUEST));
    for (const result of results) {
      outcomes.set(result.result, [...(outcomes.get(result.result) ?? []), result.JobID]);
    }
  }
  const summary = [...outcomes].map(([outcome, ids]) => `${outcome === 'done' ? 'killed' : outcome}: ${ids.join(' ')}`);
  io.stderr(`majorana: ${summary.join('; ')}\n`);
}
