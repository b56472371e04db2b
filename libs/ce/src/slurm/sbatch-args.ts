import type { SlurmWorkDirLayout } from './slurm-work-dir-layout.js';

export interface SbatchArgsInput {
  readonly ceName: string;
  readonly layout: SlurmWorkDirLayout;
  readonly partition: string | undefined;
  readonly timeLimitMinutes: number | undefined;
  readonly slotsPerPilot: number;
  readonly extraSbatchArgs: readonly string[];
}

/** The job name of every pilot of a CE: what `squeue -n` or an admin looks for. */
export function slurmPilotJobName(ceName: string): string {
  return `majorana.${ceName}`;
}

/**
 * sbatch's options for a pilot (the script comes on stdin). One task on one node with the pilot's slots
 * as CPUs; `--no-requeue` because a requeued pilot would restart with its first credential (see
 * pilot-status.ts); `--export=ALL` because the submit program has already cut the environment down
 * (and `NONE` or a list make Slurm load the user's login environment, a second per job).
 */
export function buildSbatchArgs(input: SbatchArgsInput): string[] {
  const { layout } = input;
  return [
    '--parsable',
    `--job-name=${slurmPilotJobName(input.ceName)}`,
    '--export=ALL',
    '--no-requeue',
    '--nodes=1',
    '--ntasks=1',
    `--cpus-per-task=${input.slotsPerPilot}`,
    `--chdir=${layout.pilotsDir}`,
    `--output=${layout.outputPattern('out')}`,
    `--error=${layout.outputPattern('err')}`,
    ...(input.partition === undefined ? [] : [`--partition=${input.partition}`]),
    ...(input.timeLimitMinutes === undefined ? [] : [`--time=${input.timeLimitMinutes}`]),
    ...input.extraSbatchArgs,
  ];
}

/**
 * The job ids in `sbatch --parsable` output: one line per job, `<jobid>` or `<jobid>;<cluster>`.
 * Lines that are not that (a warning a site's sbatch wrapper prints) are skipped.
 */
export function parseSbatchJobIds(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => /^(\d+)(?:;\S*)?$/.exec(line.trim())?.[1])
    .filter((id): id is string => id !== undefined);
}
