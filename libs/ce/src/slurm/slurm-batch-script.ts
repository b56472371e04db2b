import { PILOT_REF_ENV, type PilotLaunch } from '../computing-element.js';
import { shellQuote } from '../ssh/shell-quote.js';

export interface SlurmBatchScriptInput {
  readonly ceName: string;
  /** `<workDir>/pilots`: where the script records its exit code and makes the pilot's directory. */
  readonly pilotsDir: string;
  /** The launch, with `script` already replaced by the shipped copy where one was made. */
  readonly launch: PilotLaunch;
}

/**
 * The batch script of a pilot. One script serves every pilot of a submission: each learns its own
 * ref from `$SLURM_JOB_ID`, which Slurm sets before the script runs, so the ref is known to the pilot
 * before its `hello` without a second round trip. Every value is single-quoted; only the variable
 * `$SLURM_JOB_ID` (digits) is expanded.
 *
 * The pilot is not `exec`'d: the script outlives it to write `<jobid>.exit`, which tells how the pilot
 * ended once Slurm has forgotten the job (with accounting off, Slurm keeps finished jobs only
 * `MinJobAge` seconds). A cancel kills the script too, so a cancelled pilot leaves no exit record.
 */
export function buildSlurmBatchScript({ ceName, pilotsDir, launch }: SlurmBatchScriptInput): string {
  const q = shellQuote;
  const exports = Object.entries(launch.env).map(([name, value]) => `export ${name}=${q(value)}`);
  const command = [launch.executable, launch.script, ...launch.args].map(q).join(' ');
  return [
    '#!/bin/sh',
    `# Majorana pilot of the Slurm CE ${ceName}, written by its driver.`,
    `pilots_dir=${q(pilotsDir)}`,
    `export ${PILOT_REF_ENV}=${q(`slurm://${ceName}/`)}"$SLURM_JOB_ID"`,
    ...exports,
    'run_dir="$pilots_dir/$SLURM_JOB_ID"',
    'mkdir -p "$run_dir" && cd "$run_dir" || exit 120',
    command,
    'code=$?',
    'cd "$pilots_dir" && rmdir "$run_dir" 2>/dev/null',
    // Written aside and renamed, so a reader never sees half a number.
    `printf '%s\\n' "$code" > "$SLURM_JOB_ID.exit.tmp" && mv -f "$SLURM_JOB_ID.exit.tmp" "$SLURM_JOB_ID.exit"`,
    'exit "$code"',
    '',
  ].join('\n');
}
