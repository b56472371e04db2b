// The match benchmark's jobs and slot: QUEUES task queues that differ only by one tag, filled through
// the server's own submission path (parse, expand, store, optimise into task queues), and one slot
// that offers every tag, so every queue is a candidate for every match.
import { JobSubmissionService } from '../../apps/server/dist/jobs/job-submission.service.js';

export const QUEUES = 200;

const TAGS = Array.from({ length: QUEUES }, (_, index) => `t${index}`);

/** Queue `index`'s JDL: `jobs` parametric jobs tagged t<index>, so each queue gets its own task queue. */
export function queueJdl(index, jobs) {
  return `[
  JobName = "bench_q${index}_%n";
  Executable = "simulate.sh";
  Arguments = "--seed %s --queue ${index}";
  StdOutput = "sim.out";
  OutputSandbox = { "sim.out", "*.root" };
  CPUTime = 3600;
  Tags = { "t${index}" };
  Parameters = ${jobs};
  ParameterStart = 1000;
  ParameterStep = 7;
]
`;
}

/** The slot every in-process match offers (a ResourceDescription); it fits every queue's jobs. */
export const RESOURCE = Object.freeze({
  site: 'LCG.Bench.org',
  ce: 'ce01.bench.org',
  platforms: [],
  cpuTimeLeft: 86_400,
  processors: 1,
  wholeNode: false,
  ramMB: null,
  tags: TAGS,
  requiredTags: [],
});

/** The same slot as a pilot sends it to POST /api/matcher/match. */
export const MATCH_REQUEST = Object.freeze({ site: RESOURCE.site, ce: RESOURCE.ce, cpuTimeLeft: RESOURCE.cpuTimeLeft, tags: TAGS });

/** The administrator, as the server's guard would hand it to the submission service. */
const PRINCIPAL = Object.freeze({
  user: 'admin',
  group: 'admin',
  vo: 'majorana',
  properties: new Set(),
  jti: 'bench',
  expiresAt: new Date(Date.now() + 24 * 3600 * 1000),
});

/**
 * Submits QUEUES parametric JDLs of `perQueue` jobs each through the server's JobSubmissionService
 * (the code behind POST /api/jobs, without HTTP), leaving QUEUES × perQueue jobs Waiting.
 */
export async function fillQueues(server, perQueue, progress = () => {}) {
  if (!Number.isInteger(perQueue) || perQueue < 1) {
    throw new Error(`jobs per queue must be a positive integer, got ${perQueue}`);
  }
  const submission = server.app.get(JobSubmissionService);
  const started = performance.now();
  let stored = 0;
  for (let index = 0; index < QUEUES; index++) {
    const { jobIds } = await submission.submit(PRINCIPAL, [queueJdl(index, perQueue)]);
    if (jobIds.length !== perQueue) {
      throw new Error(`queue ${index}: submitted ${perQueue} jobs, got ${jobIds.length} ids`);
    }
    stored += jobIds.length;
    if (index % 20 === 19) {
      progress(`  ${stored.toLocaleString('en')} jobs stored (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  }
  return { jobs: stored, seconds: (performance.now() - started) / 1000 };
}
