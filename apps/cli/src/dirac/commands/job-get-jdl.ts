import { parseJobIds } from '../../common/parse-job-ids.js';
import type { DiracCommand } from '../dirac-command.js';
import { jdlToDict } from '../format/jdl-dict.js';
import { pythonRepr } from '../format/python-repr.js';

/** dirac-wms-job-get-jdl JobID… [-O]: the JDL's attributes as a Python dict (quotes stripped, lists as lists). */
export const jobGetJdl: DiracCommand = {
  spec: {
    name: 'dirac-wms-job-get-jdl',
    description: 'Retrieve the current JDL of a DIRAC job',
    usage: 'JobID ...',
    options: [{ short: 'O', long: 'Original', value: false, help: 'Gets the original JDL' }],
    arguments: [['JobID', 'DIRAC Job ID']],
    minPositionals: 1,
  },
  async run(context) {
    const original = context.has('Original');
    await context.forEach(parseJobIds(context.args.positionals), async (jobId) => {
      const { jdl } = await context.client.jdl(jobId, { original });
      context.print(pythonRepr(await jdlToDict(jdl)));
    });
  },
};
