/** squeue's argv for the states of these jobs, finished ones included (while Slurm still keeps them). */
export function buildSqueueArgs(jobIds: readonly string[]): string[] {
  return ['squeue', '--states=all', `--jobs=${jobIds.join(',')}`, '--noheader', '--format=%i|%T'];
}

/**
 * The state of each job in the output of {@link buildSqueueArgs}: `<jobid>|<STATE>` lines. Job ids
 * that are not plain numbers (array tasks `12_3`, het job parts `12+0`) are not pilots and are skipped.
 */
export function parseSqueueOutput(stdout: string): Map<string, string> {
  const states = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const match = /^(\d+)\|([A-Z_]+)$/.exec(line.trim());
    if (match !== null) {
      states.set(match[1]!, match[2]!);
    }
  }
  return states;
}

/**
 * Whether a failed squeue only said that the job asked for is unknown. squeue asks slurmctld for one
 * job by id when given a single id, and that request fails for a job it has forgotten; with several
 * ids it filters the full list and stays silent about the missing ones.
 */
export function isSqueueUnknownJobError(stderr: string): boolean {
  return /Invalid job id specified/i.test(stderr);
}

/** `<jobid> <code>` lines from READ_EXIT_RECORDS; a record that is not a number is left out. */
export function parseExitRecords(stdout: string): Map<string, number> {
  const codes = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const match = /^(\d+) (\d+)$/.exec(line.trim());
    if (match !== null) {
      codes.set(match[1]!, Number(match[2]));
    }
  }
  return codes;
}
