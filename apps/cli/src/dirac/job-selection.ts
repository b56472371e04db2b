import { readFile } from 'node:fs/promises';
import { CliUsageError } from '../cli-io.js';
import { jobIdsFromText, parseJobIds } from '../common/parse-job-ids.js';
import type { DiracOption } from './dirac-options.js';
import type { DiracContext } from './dirac-command.js';

export const FILE_OPTION: DiracOption = { short: 'f', long: 'File', value: true, help: 'Get output for jobs with IDs from the file' };
export const GROUP_OPTION: DiracOption = { short: 'g', long: 'JobGroup', value: true, help: 'Get output for jobs in the given group' };

/** The jobs a command acts on: its positionals, the IDs in `-f FILE`, and the jobs of `-g GROUP`, in that order. */
export async function selectedJobIds(context: DiracContext): Promise<number[]> {
  const ids = parseJobIds(context.args.positionals);
  for (const file of context.args.options.get('File') ?? []) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new CliUsageError(`cannot read the job ID file ${file}`);
    }
    ids.push(...jobIdsFromText(text));
  }
  for (const group of context.args.options.get('JobGroup') ?? []) {
    const { jobs } = await context.client.selectJobs([{ parameter: 'JobGroup', operator: 'eq', value: group }]);
    ids.push(...jobs.map((job) => job.JobID));
  }
  return [...new Set(ids)];
}
