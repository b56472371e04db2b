import { MajoranaClientError } from '@majorana/client';
import type { CliIo } from '../../cli-io.js';
import { clientFromEnv } from '../../client-from-env.js';
import { ProgressBar } from '../../common/progress-bar.js';
import { EXIT_OK, EXIT_REFUSED } from '../../program.js';
import { printJson } from '../client-action.js';

interface Submitted {
  readonly file: string;
  readonly jobIds?: number[];
  readonly warnings?: string[];
  readonly error?: string;
}

/**
 * Submits each JDL file (local InputSandbox files uploaded, relative to the current folder as in
 * DIRAC); every file is tried, refusals reported per file, exit 1 if any was refused.
 */
export async function submitJdlFiles(io: CliIo, files: readonly string[], json: boolean): Promise<number> {
  const client = clientFromEnv(io);
  const bar = new ProgressBar({ isTTY: io.stderrIsTTY === true, write: (text) => io.stderr(text) }, files.length, 'JDL files submitted');
  const results: Submitted[] = [];
  for (const file of files) {
    const input = await io.readInput(file);
    try {
      const submitted = await client.submit(input.text, { fileName: input.name, baseDir: process.cwd() });
      results.push({ file: input.name, jobIds: submitted.jobIds, warnings: submitted.warnings });
    } catch (error) {
      if (!(error instanceof MajoranaClientError) || error.code === 'unreachable' || error.code === 'unauthenticated') {
        throw error;
      }
      results.push({ file: input.name, error: error.message });
    }
    bar.tick();
  }
  bar.finish();
  if (json) {
    printJson(io, results);
  } else {
    for (const result of results) {
      if (result.jobIds) {
        io.stdout(`${result.file}: submitted ${result.jobIds.length === 1 ? 'job' : 'jobs'} ${result.jobIds.join(', ')}\n`);
      }
      for (const warning of result.warnings ?? []) {
        io.stderr(`${result.file}: warning: ${warning}\n`);
      }
      if (result.error !== undefined) {
        io.stderr(`majorana: ${result.error.startsWith(`${result.file}:`) ? '' : `${result.file}: `}${result.error}\n`);
      }
    }
  }
  return results.some((result) => result.error !== undefined) ? EXIT_REFUSED : EXIT_OK;
}
