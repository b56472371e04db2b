import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MajoranaClientError } from '@majorana/client';
import type { CliIo } from '../../cli-io.js';
import { clientFromEnv } from '../../client-from-env.js';
import { ProgressBar } from '../../common/progress-bar.js';
import { EXIT_OK, EXIT_REFUSED } from '../../program.js';

/** Unpacks each job's output sandbox into DIR/<JobID>/ (an existing folder is left alone); exit 1 if any failed. */
export async function downloadOutputs(io: CliIo, jobIds: readonly number[], dir: string): Promise<number> {
  const client = clientFromEnv(io);
  const bar = new ProgressBar({ isTTY: io.stderrIsTTY === true, write: (text) => io.stderr(text) }, jobIds.length, 'outputs downloaded');
  let code = EXIT_OK;
  for (const jobId of jobIds) {
    const target = join(dir, String(jobId));
    try {
      if (existsSync(target)) {
        bar.finish();
        io.stderr(`job ${jobId}: ${target} already exists; remove it to download again\n`);
        continue;
      }
      const output = await client.downloadOutput(jobId, target);
      bar.finish();
      io.stdout(`job ${jobId}: ${output.entries} entries in ${target}/\n`);
    } catch (error) {
      if (!(error instanceof MajoranaClientError) || error.code === 'unreachable' || error.code === 'unauthenticated') {
        throw error;
      }
      bar.finish();
      io.stderr(`majorana: job ${jobId}: ${error.message}\n`);
      code = EXIT_REFUSED;
    } finally {
      bar.tick();
    }
  }
  bar.finish();
  return code;
}
