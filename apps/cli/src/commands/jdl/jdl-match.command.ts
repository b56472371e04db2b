import { describeJobs, formatValue, jobMatchAd, parseJdl, printExpression, rank, symmetricMatch, findAttribute } from '@majorana/jdl';
import type { CliIo } from '../../cli-io.js';
import { EXIT_OK, EXIT_REFUSED } from '../../program.js';

/** Evaluates a job against a resource ad, both ways, as the matcher will. */
export async function matchJdlFiles(io: CliIo, jobFile: string, resourceFile: string, json: boolean): Promise<number> {
  const jobInput = await io.readInput(jobFile);
  const resourceInput = await io.readInput(resourceFile);
  const jobs = describeJobs(jobInput.text, { fileName: jobInput.name });
  const resource = parseJdl(resourceInput.text, { fileName: resourceInput.name });
  const job = jobs[0];
  if (!job) {
    return EXIT_REFUSED;
  }
  if (jobs.length > 1) {
    io.stderr(`${jobInput.name}: a parametric JDL of ${jobs.length} jobs; matching the first\n`);
  }
  const jobAd = jobMatchAd(job);
  const result = symmetricMatch(jobAd, resource.ad);
  const ranking = rank(jobAd, resource.ad);
  const jobRequirements = job.description.requirements;
  const resourceRequirements = findAttribute(resource.ad, 'Requirements')?.value ?? null;
  const jobRank = job.description.rank;

  if (json) {
    const report = {
      matched: result.matched,
      jobRequirements: { expression: jobRequirements && printExpression(jobRequirements), value: formatValue(result.jobRequirements) },
      resourceRequirements: {
        expression: resourceRequirements && printExpression(resourceRequirements),
        value: formatValue(result.resourceRequirements),
      },
      rank: { expression: jobRank && printExpression(jobRank), value: ranking.rank },
    };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const line = (label: string, expression: string | null, value: string): string =>
      `${label.padEnd(22)}${value.padEnd(10)}${expression === null ? '(none: counts as true)' : expression}\n`;
    io.stdout(
      line('job Requirements', jobRequirements && printExpression(jobRequirements), formatValue(result.jobRequirements)) +
        line(
          'resource Requirements',
          resourceRequirements && printExpression(resourceRequirements),
          formatValue(result.resourceRequirements),
        ) +
        `${'job Rank'.padEnd(22)}${String(ranking.rank).padEnd(10)}${jobRank ? printExpression(jobRank) : '(none: 0)'}\n` +
        `${result.matched ? 'match' : 'no match'}\n`,
    );
  }
  return result.matched ? EXIT_OK : EXIT_REFUSED;
}
