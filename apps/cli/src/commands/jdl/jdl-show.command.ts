import { describeJobs, jobDescriptionToJson } from '@majorana/jdl';
import type { CliIo } from '../../cli-io.js';
import { EXIT_OK } from '../../program.js';
import { formatJobTable } from './format-job-table.js';

/** Prints the validated description of a JDL (of its first job, with a note, when it is parametric). */
export async function showJdlFile(io: CliIo, file: string, json: boolean): Promise<number> {
  const input = await io.readInput(file);
  const jobs = describeJobs(input.text, { fileName: input.name });
  const first = jobs[0];
  if (!first) {
    return EXIT_OK;
  }
  if (jobs.length > 1) {
    io.stderr(`${input.name}: a parametric JDL of ${jobs.length} jobs; showing the first (see: majorana jdl expand)\n`);
  }
  const object = jobDescriptionToJson(first.description);
  io.stdout(json ? `${JSON.stringify(object, null, 2)}\n` : formatJobTable(object));
  return EXIT_OK;
}
