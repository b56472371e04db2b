import { describeJobs, JdlError } from '@majorana/jdl';
import type { CliIo } from '../../cli-io.js';
import { EXIT_OK, EXIT_REFUSED } from '../../program.js';

/** Validates every file (each fully, parametric expansion included) and reports each bad one. */
export async function checkJdlFiles(io: CliIo, files: readonly string[]): Promise<number> {
  let code = EXIT_OK;
  for (const file of files) {
    const input = await io.readInput(file);
    try {
      const jobs = describeJobs(input.text, { fileName: input.name });
      io.stderr(`${input.name}: ok (${jobs.length === 1 ? '1 job' : `${jobs.length} jobs`})\n`);
    } catch (error) {
      if (!(error instanceof JdlError)) {
        throw error;
      }
      io.stderr(`${error.format()}\n`);
      code = EXIT_REFUSED;
    }
  }
  return code;
}
