import type { DiracCommand } from '../dirac-command.js';
import { statusLine } from '../format/dirac-formats.js';
import { FILE_OPTION, GROUP_OPTION, selectedJobIds } from '../job-selection.js';

/** dirac-wms-job-status [JobID…] [-f FILE] [-g GROUP]: one `JobID=… ApplicationStatus=…; …` line per known job. */
export const jobStatus: DiracCommand = {
  spec: {
    name: 'dirac-wms-job-status',
    description: 'Retrieve status of the given DIRAC job',
    usage: 'JobID ...',
    options: [
      { ...FILE_OPTION, help: 'Get status for jobs with IDs from the file' },
      { ...GROUP_OPTION, help: 'Get status for jobs in the given group' },
    ],
    arguments: [['JobID', 'DIRAC Job ID']],
    minPositionals: 1,
    positionalsOptionalWith: ['File', 'JobGroup'],
  },
  async run(context) {
    const ids = await selectedJobIds(context);
    // DIRAC leaves unknown IDs out of its answer rather than failing.
    for (const job of await context.client.jobs(ids)) {
      context.io.stdout(statusLine(job));
    }
  },
};
