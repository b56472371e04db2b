import type { Job } from '@majorana/client';
import { parseJobIds } from '../../common/parse-job-ids.js';
import type { DiracCommand } from '../dirac-command.js';
import { diracTime } from '../format/dirac-formats.js';
import { pythonRepr } from '../format/python-repr.js';

const TIMES = new Set(['SubmissionTime', 'LastUpdateTime', 'HeartBeatTime', 'StartExecTime', 'EndExecTime']);

/** A job's attributes as DIRAC's getJobAttributes gives them: every value a string, times as `YYYY-MM-DD HH:MM:SS`, unset as 'None'. */
export function diracAttributes(job: Job): Record<string, string> {
  return Object.fromEntries(
    Object.entries(job).map(([name, value]) => [
      name,
      TIMES.has(name) ? diracTime(value as string | null) : value === null || value === undefined ? 'None' : String(value),
    ]),
  );
}

/** dirac-wms-job-attributes JobID…: a line of `=`, ` <JobID>`, then the attributes as a Python dict. */
export const jobAttributes: DiracCommand = {
  spec: {
    name: 'dirac-wms-job-attributes',
    description: 'Retrieve attributes associated with the given DIRAC job',
    usage: 'JobID ...',
    options: [],
    arguments: [['JobID', 'DIRAC Job ID']],
    minPositionals: 1,
  },
  async run(context) {
    await context.forEach(parseJobIds(context.args.positionals), async (jobId) => {
      const job = await context.client.job(jobId);
      context.io.stdout(`=================\n ${jobId}\n${pythonRepr(diracAttributes(job))}\n`);
    });
  },
};
