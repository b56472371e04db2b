import type { SearchCondition, SearchParameter } from '@majorana/client';
import { CliUsageError, type CliIo } from '../../cli-io.js';
import { clientFromEnv } from '../../client-from-env.js';
import { EXIT_OK } from '../../program.js';
import { printJson } from '../client-action.js';
import { formatJobsTable } from './format-jobs.js';

export interface SelectOptions {
  status?: string;
  minorStatus?: string;
  appStatus?: string;
  site?: string;
  owner?: string;
  group?: string;
  name?: string;
  since?: string;
  max?: string;
  json?: boolean;
}

const FILTERS: readonly [keyof SelectOptions, SearchParameter][] = [
  ['status', 'Status'],
  ['minorStatus', 'MinorStatus'],
  ['appStatus', 'ApplicationStatus'],
  ['site', 'Site'],
  ['owner', 'Owner'],
  ['group', 'JobGroup'],
  ['name', 'JobName'],
];

/** The search conditions the options say (comma lists become `in`). */
export function selectConditions(options: SelectOptions): SearchCondition[] {
  const search: SearchCondition[] = [];
  for (const [key, parameter] of FILTERS) {
    const given = options[key];
    if (typeof given !== 'string') {
      continue;
    }
    const values = given
      .split(',')
      .map((value) => value.trim())
      .filter((value) => value !== '');
    search.push(values.length === 1 ? { parameter, operator: 'eq', value: values[0] ?? '' } : { parameter, operator: 'in', values });
  }
  if (options.since !== undefined) {
    const since = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(options.since) ? `${options.since}T00:00:00Z` : options.since);
    if (Number.isNaN(since)) {
      throw new CliUsageError(`--since must be a date (YYYY-MM-DD) or an ISO time, got "${options.since}"`);
    }
    search.push({ parameter: 'LastUpdateTime', operator: 'gt', value: new Date(since - 1).toISOString() });
  }
  return search;
}

/** Jobs matching the options, oldest first, at most --max (default 100, 0 = all). */
export async function selectJobs(io: CliIo, options: SelectOptions): Promise<number> {
  const max = Number(options.max ?? '100');
  if (!Number.isSafeInteger(max) || max < 0) {
    throw new CliUsageError(`--max must be a whole number (0 for all), got "${options.max}"`);
  }
  const { jobs, total } = await clientFromEnv(io).selectJobs(selectConditions(options), max);
  if (options.json) {
    printJson(io, { total, jobs });
    return EXIT_OK;
  }
  io.stdout(formatJobsTable(jobs));
  if (jobs.length < total) {
    io.stderr(`(${jobs.length} of ${total} shown: --max 0 shows all)\n`);
  }
  return EXIT_OK;
}
