import { type Clock } from '../execution/clock.js';
import { type CommandRunner } from './command-runner.js';
import { parseSlurmTimeLeft } from './time-left.util.js';

export interface DeadlineSources {
  /** `--max-time`: seconds the pilot may run, counted from now. */
  maxTimeS?: number | null;
  /** The pilot's environment, where the batch system says who we are. */
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  runner: CommandRunner;
}

/**
 * When this pilot must be gone (ms since the epoch), or null when nothing says. The earliest of
 * `--max-time` and the batch system's own limit wins: the batch system kills the pilot at its limit
 * whatever the command line said. Slurm tells the end in SLURM_JOB_END_TIME (recent versions), else
 * `squeue -h -j $SLURM_JOB_ID -o %L` tells the time left. A batch client that fails is treated as no
 * limit: the pilot still runs, and `--max-time` is there for sites that need one.
 */
export async function discoverDeadline(sources: DeadlineSources): Promise<number | null> {
  const now = sources.clock.now();
  const deadlines: number[] = [];
  if (sources.maxTimeS !== undefined && sources.maxTimeS !== null) {
    deadlines.push(now + sources.maxTimeS * 1000);
  }
  const slurm = await slurmDeadline(sources, now);
  if (slurm !== null) {
    deadlines.push(slurm);
  }
  return deadlines.length === 0 ? null : Math.min(...deadlines);
}

async function slurmDeadline({ env, runner }: DeadlineSources, now: number): Promise<number | null> {
  const endTime = Number(env.SLURM_JOB_END_TIME);
  if (env.SLURM_JOB_END_TIME !== undefined && Number.isFinite(endTime) && endTime > 0) {
    return endTime * 1000;
  }
  const jobId = env.SLURM_JOB_ID;
  if (jobId === undefined || !/^[\w.]+$/.test(jobId)) {
    return null;
  }
  const result = await runner.run('squeue', ['-h', '-j', jobId, '-o', '%L']);
  if (result.exitCode !== 0) {
    return null;
  }
  const seconds = parseSlurmTimeLeft(result.stdout.split('\n')[0] ?? '');
  return seconds === null ? null : now + seconds * 1000;
}
