import { parseJobIds } from '../../common/parse-job-ids.js';
import type { DiracCommand } from '../dirac-command.js';
import { loggingTable } from '../format/dirac-formats.js';

/** dirac-wms-job-logging-info JobID…: the Source/Status/MinorStatus/ApplicationStatus/DateTime table per job. */
export const jobLoggingInfo: DiracCommand = {
  spec: {
    name: 'dirac-wms-job-logging-info',
    description: 'Retrieve history of transitions for a DIRAC job',
    usage: 'JobID ...',
    options: [],
    arguments: [['JobID', 'DIRAC Job ID']],
    minPositionals: 1,
  },
  async run(context) {
    await context.forEach(parseJobIds(context.args.positionals), async (jobId) => {
      context.io.stdout(loggingTable(await context.client.logging(jobId)));
    });
  },
};
