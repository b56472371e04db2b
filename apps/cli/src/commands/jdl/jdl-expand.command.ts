import { describeJobs, jobDescriptionToJson, printJdl } from '@majorana/jdl';
import type { CliIo } from '../../cli-io.js';
import { EXIT_OK } from '../../program.js';

/** Prints every job a (parametric) JDL makes: canonical JDL blocks, or one JSON array. */
export async function expandJdlFile(io: CliIo, file: string, json: boolean): Promise<number> {
  const input = await io.readInput(file);
  const jobs = describeJobs(input.text, { fileName: input.name });
  if (json) {
    io.stdout(
      `${JSON.stringify(
        jobs.map((job) => jobDescriptionToJson(job.description)),
        null,
        2,
      )}\n`,
    );
    return EXIT_OK;
  }
  jobs.forEach((job, index) => {
    io.stdout(`${index > 0 ? '\n' : ''}// job ${index + 1} of ${jobs.length}\n${printJdl(job.document.ad)}`);
  });
  return EXIT_OK;
}
