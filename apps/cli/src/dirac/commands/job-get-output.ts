import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ProgressBar } from '../../common/progress-bar.js';
import type { DiracCommand } from '../dirac-command.js';
import { FILE_OPTION, GROUP_OPTION, selectedJobIds } from '../job-selection.js';

/**
 * dirac-wms-job-get-output [JobID…] [-D DIR] [-f FILE] [-g GROUP]: each job's output sandbox unpacked
 * into DIR/<JobID>/ (DIR defaults to the current folder). A folder already there is left alone, as
 * DIRAC does; a download that fails leaves no partial folder.
 */
export const jobGetOutput: DiracCommand = {
  spec: {
    name: 'dirac-wms-job-get-output',
    description: 'Retrieve output sandbox for DIRAC jobs',
    usage: 'JobID ...',
    options: [{ short: 'D', long: 'Dir', value: true, help: 'Store the output in this directory' }, FILE_OPTION, GROUP_OPTION],
    arguments: [['JobID', 'DIRAC Job ID']],
    minPositionals: 1,
    positionalsOptionalWith: ['File', 'JobGroup'],
  },
  async run(context) {
    const ids = await selectedJobIds(context);
    if (ids.length === 0) {
      context.print('No jobs selected');
      return;
    }
    const dir = context.option('Dir') ?? process.cwd();
    const sink = { isTTY: context.io.stderrIsTTY === true, write: (text: string) => context.io.stderr(text) };
    const bar = new ProgressBar(sink, ids.length, 'outputs retrieved');
    await context.forEach(ids, async (jobId) => {
      const target = join(dir, String(jobId));
      try {
        if (existsSync(target)) {
          bar.finish();
          context.print(`Output for job ${jobId} already retrieved, remove the output directory to redownload`);
          return;
        }
        await context.client.downloadOutput(jobId, resolve(target));
        bar.finish();
        context.print(`Job output sandbox retrieved in ${target}/`);
      } finally {
        bar.tick();
      }
    });
    bar.finish();
  },
};
