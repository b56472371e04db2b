import type { SearchCondition, SearchParameter } from '@majorana/client';
import { CliUsageError } from '../../cli-io.js';
import type { DiracCommand } from '../dirac-command.js';
import { selectedJobsText } from '../format/dirac-formats.js';

/** The attribute options, in the order DIRAC lists the conditions. */
const ATTRIBUTES: readonly SearchParameter[] = ['Status', 'MinorStatus', 'ApplicationStatus', 'Site', 'Owner', 'JobGroup'];

/**
 * dirac-wms-select-jobs: jobs by attributes (comma lists), last updated on or after --Date (default
 * today, UTC as DIRAC's dates), at most --Maximum shown (default 100, 0 = all).
 */
export const selectJobs: DiracCommand = {
  spec: {
    name: 'dirac-wms-select-jobs',
    description: 'Select DIRAC jobs matching the given conditions',
    usage: '',
    options: [
      ...ATTRIBUTES.map((name) => ({ short: '', long: name, value: true, help: `Select jobs by ${name} (a comma-separated list)` })),
      { short: '', long: 'Date', value: true, help: 'Date in YYYY-MM-DD format, if not specified default is today' },
      { short: '', long: 'Maximum', value: true, help: 'Maximum number of jobs shown (default 100, 0 means all)' },
    ],
    arguments: [],
    minPositionals: 0,
  },
  async run(context) {
    const said: [string, string][] = [];
    const search: SearchCondition[] = [];
    for (const name of ATTRIBUTES) {
      const given = context.option(name);
      if (given === undefined) {
        continue;
      }
      const values = given
        .split(',')
        .map((value) => value.trim())
        .filter((value) => value !== '');
      said.push([name, values.join(',')]);
      search.push(
        values.length === 1 ? { parameter: name, operator: 'eq', value: values[0] ?? '' } : { parameter: name, operator: 'in', values },
      );
    }
    const date = context.option('Date') ?? new Date().toISOString().slice(0, 10);
    const midnight = Date.parse(`${date}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(midnight)) {
      throw new CliUsageError(`--Date must be a date as YYYY-MM-DD, got "${date}"`);
    }
    said.push(['Date', date]);
    // "on or after" midnight: the API's gt is strict.
    search.push({ parameter: 'LastUpdateTime', operator: 'gt', value: new Date(midnight - 1).toISOString() });
    const maximum = Number(context.option('Maximum') ?? '100');
    if (!Number.isSafeInteger(maximum) || maximum < 0) {
      throw new CliUsageError(`--Maximum must be a whole number (0 for all), got "${context.option('Maximum')}"`);
    }
    const { jobs, total } = await context.client.selectJobs(search, maximum);
    context.io.stdout(
      selectedJobsText(
        jobs.map((job) => job.JobID),
        total,
        said,
      ),
    );
  },
};
