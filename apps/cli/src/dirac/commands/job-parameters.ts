import { parseJobIds } from '../../common/parse-job-ids.js';
import type { DiracCommand } from '../dirac-command.js';
import { pythonRepr } from '../format/python-repr.js';

/** dirac-wms-job-parameters JobID…: `{123: {'CPUNormalizationFactor': '6.8', …}}` per job. */
export const jobParameters: DiracCommand = {
  spec: {
    name: 'dirac-wms-job-parameters',
    description: 'Retrieve parameters associated to the given DIRAC job',
    usage: 'JobID ...',
    options: [],
    arguments: [['JobID', 'DIRAC Job ID']],
    minPositionals: 1,
  },
  async run(context) {
    await context.forEach(parseJobIds(context.args.positionals), async (jobId) => {
      const parameters = await context.client.parameters(jobId);
      context.print(pythonRepr(new Map([[jobId, parameters]])));
    });
  },
};
