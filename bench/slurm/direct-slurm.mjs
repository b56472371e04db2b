// The two ways a user runs short jobs on Slurm without Majorana, timed on the benchmark's one-node
// Slurm: a loop of `sbatch --wrap /bin/true` (one process, one job at a time, as a shell loop would),
// and one job array. Each is timed from its first sbatch until squeue lists none of its jobs left.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How often squeue is asked whether jobs are left: often enough to time well, rare enough not to load slurmctld. */
const POLL_MS = 250;

/** Runs a Slurm client with the test Slurm's SLURM_CONF; returns its stdout. */
export function slurmClient(slurm, argv, cwd) {
  const [program, ...args] = argv;
  return execFileAsync(program, args, { env: { ...process.env, ...slurm.env }, cwd, maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout }) => stdout,
  );
}

/** Resolves once squeue lists no job of `name` pending, running or completing. */
export async function untilNoJobsLeft(slurm, name, timeoutMs, progress) {
  const deadline = performance.now() + timeoutMs;
  let lastReported = Infinity;
  for (;;) {
    const left = (await slurmClient(slurm, ['squeue', '--noheader', `--name=${name}`, '--array', '--format=%i']))
      .split('\n')
      .filter(Boolean).length;
    if (left === 0) {
      return;
    }
    if (performance.now() > deadline) {
      throw new Error(`${left} job(s) named ${name} still in squeue after ${timeoutMs / 1000} s`);
    }
    if (progress && lastReported - left >= 500) {
      lastReported = left;
      progress(left);
    }
    await sleep(POLL_MS);
  }
}

/** Slurm's final state of every job named `name` that it still lists (MinJobAge keeps them): state → count. */
export async function finalStates(slurm, name) {
  const lines = (await slurmClient(slurm, ['squeue', '--noheader', '--states=all', `--name=${name}`, '--array', '--format=%T'])).split(
    '\n',
  );
  const counts = {};
  for (const state of lines.map((line) => line.trim()).filter(Boolean)) {
    counts[state] = (counts[state] ?? 0) + 1;
  }
  return counts;
}

/** `jobs` × `sbatch --wrap /bin/true`, one after the other; seconds from the first sbatch until none is left. */
export async function sbatchOneByOne(slurm, jobs, workDir, log) {
  const name = `bench-loop-${process.pid}`;
  const begin = performance.now();
  for (let index = 0; index < jobs; index++) {
    await slurmClient(slurm, ['sbatch', '--quiet', `--job-name=${name}`, '--output=/dev/null', '--wrap', '/bin/true'], workDir);
    if ((index + 1) % 500 === 0) {
      log(`  ${index + 1} submitted after ${((performance.now() - begin) / 1000).toFixed(1)} s`);
    }
  }
  const submittedS = (performance.now() - begin) / 1000;
  await untilNoJobsLeft(slurm, name, 900_000, (left) => log(`  ${left} left`));
  const seconds = (performance.now() - begin) / 1000;
  return { seconds, submittedS, states: await finalStates(slurm, name) };
}

/** One `sbatch --array=1-<jobs> --wrap /bin/true`; seconds from the sbatch until none is left. */
export async function sbatchArray(slurm, jobs, workDir, log) {
  const name = `bench-array-${process.pid}`;
  const begin = performance.now();
  await slurmClient(
    slurm,
    ['sbatch', '--quiet', `--job-name=${name}`, '--output=/dev/null', `--array=1-${jobs}`, '--wrap', '/bin/true'],
    workDir,
  );
  await untilNoJobsLeft(slurm, name, 900_000, (left) => log(`  ${left} left`));
  const seconds = (performance.now() - begin) / 1000;
  return { seconds, states: await finalStates(slurm, name) };
}
