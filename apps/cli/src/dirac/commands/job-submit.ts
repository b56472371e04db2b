import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { MajoranaClientError } from '@majorana/client';
import { ProgressBar } from '../../common/progress-bar.js';
import { isFatal, type DiracCommand, type DiracContext } from '../dirac-command.js';
import { submittedLine } from '../format/dirac-formats.js';

/**
 * dirac-wms-job-submit JDL…: `JobID = 11` per file (`JobID = [11, 12, 13]` for a parametric JDL);
 * `-f F` appends the IDs to F, one per line. Local InputSandbox files are uploaded first, relative
 * to the current folder as in DIRAC. A refused JDL prints `ERROR FILE:LINE:COLUMN: reason`.
 */
export const jobSubmit: DiracCommand = {
  spec: {
    name: 'dirac-wms-job-submit',
    description: 'Submit jobs to the WMS (Majorana), one or more per JDL file',
    usage: 'JDL ...',
    options: [{ short: 'f', long: 'File', value: true, help: 'Writes job ids to file <value>' }],
    arguments: [['JDL', 'Path to JDL file']],
    minPositionals: 1,
  },
  async run(context) {
    const file = context.option('File');
    if (file !== undefined && existsSync(file)) {
      context.print(`Appending job ids to existing logfile: ${file}`);
    }
    const sink = { isTTY: context.io.stderrIsTTY === true, write: (text: string) => context.io.stderr(text) };
    const bar = new ProgressBar(sink, context.args.positionals.length, 'JDL files submitted');
    for (const path of context.args.positionals) {
      const jobIds = await submitOne(context, path);
      bar.finish();
      if (jobIds !== undefined) {
        context.print(submittedLine(jobIds));
        if (file !== undefined) {
          await appendFile(file, jobIds.map((id) => `${id}\n`).join(''));
        }
      }
      bar.tick();
    }
    bar.finish();
  },
};

/** The IDs one JDL file made, or undefined after printing why it was refused. */
async function submitOne(context: DiracContext, path: string): Promise<number[] | undefined> {
  let jdl: string;
  try {
    jdl = await readFile(path, 'utf8');
  } catch {
    context.fail(path, 'no such file or not readable');
    return undefined;
  }
  try {
    return (await context.client.submit(jdl, { fileName: path, baseDir: process.cwd() })).jobIds;
  } catch (error) {
    if (!(error instanceof MajoranaClientError) || isFatal(error)) {
      throw error;
    }
    if (error.code === 'invalid-jdl' && error.message.startsWith(`${path}:`)) {
      // Already `FILE:LINE:COLUMN: reason`: naming the file twice would only push the place out of sight.
      context.failed = true;
      context.print(`ERROR ${error.message}`);
    } else {
      context.fail(path, error.message);
    }
    return undefined;
  }
}
