import { MajoranaClientError } from '@majorana/client';
import { parseJobIds } from '../../common/parse-job-ids.js';
import type { DiracCommand } from '../dirac-command.js';

/** dirac-wms-job-peek JobID…: the last StdOutput lines the watchdog reported; nothing before the first heartbeat. */
export const jobPeek: DiracCommand = {
  spec: {
    name: 'dirac-wms-job-peek',
    description: 'Peek StdOut of the given DIRAC job',
    usage: 'JobID ...',
    options: [],
    arguments: [['JobID', 'DIRAC Job ID']],
    minPositionals: 1,
  },
  async run(context) {
    await context.forEach(parseJobIds(context.args.positionals), async (jobId) => {
      try {
        const { stdoutTail } = await context.client.peek(jobId);
        if (stdoutTail !== '') {
          context.print(stdoutTail);
        }
      } catch (error) {
        // 404 means either "no such job" or "no heartbeat yet"; DIRAC prints nothing for the second.
        if (!(error instanceof MajoranaClientError) || error.code !== 'not-found') {
          throw error;
        }
        await context.client.job(jobId);
      }
    });
  },
};
