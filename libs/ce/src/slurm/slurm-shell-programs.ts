/**
 * The few shell programs the Slurm driver runs on the submit host, each as
 * `sh -c PROGRAM sh ARG…`: the program text is a constant and every value arrives as a positional
 * argument, so nothing a user or admin typed is ever parsed by the shell. Batching steps into one
 * program keeps a submission to one round trip over SSH.
 */

/** `sh -c PROGRAM sh ARGS…` as an argv array. */
export function shellProgram(program: string, args: readonly string[]): string[] {
  return ['sh', '-c', program, 'sh', ...args];
}

/** $1 work dir. Creates the layout; prints the pilot index if there is one (fails if it cannot be read). */
export const PREPARE_WORK_DIR = `
mkdir -p -- "$1/pilots" || exit 1
if [ -e "$1/pilots.json" ]; then exec cat -- "$1/pilots.json"; fi
`;

/** $1 path; stdin the content. Replaces the file whole: a crash leaves the old one, never half. */
export const WRITE_FILE = `cat > "$1.tmp" && mv -f -- "$1.tmp" "$1"`;

/** $1 temporary path, $2 final path. */
export const RENAME_FILE = `mv -f -- "$1" "$2"`;

/**
 * $1 how many pilots, $2 the names of the variables to keep (space-separated), $3… sbatch's options;
 * stdin the batch script. Prints one `--parsable` line per job and stops at the first failure.
 *
 * sbatch passes its whole environment into the job (and into slurmctld's saved job state), so it
 * runs with only the kept variables, PATH, and the `SLURM_*`/`SBATCH_*` settings of the Slurm clients.
 */
export const SUBMIT_PILOTS = `
script=$(cat) || exit 121
count=$1
keep=" $2 "
shift 2
for name in $(env | sed -n 's/^\\([A-Za-z_][A-Za-z0-9_]*\\)=.*/\\1/p'); do
  case "$name" in PATH | SLURM_* | SBATCH_*) continue ;; esac
  case "$keep" in *" $name "*) continue ;; esac
  unset "$name"
done
i=0
while [ "$i" -lt "$count" ]; do
  printf '%s\\n' "$script" | sbatch "$@" || exit $?
  i=$((i + 1))
done
`;

/** $1 the pilots dir, $2… job ids. Prints `<jobid> <exit code>` for each pilot that recorded its exit. */
export const READ_EXIT_RECORDS = `
cd -- "$1" || exit 1
shift
for id; do
  if [ -f "$id.exit" ]; then printf '%s %s\\n' "$id" "$(cat -- "$id.exit")"; fi
done
`;

/** $1 path, $2 bytes. The file's last bytes; nothing when it does not exist (yet). */
export const TAIL_FILE = `
[ -e "$1" ] || exit 0
exec tail -c "$2" -- "$1"
`;

/** $1 the pilots dir, $2… job ids. Removes what the pilots left there. */
export const REMOVE_PILOT_FILES = `
cd -- "$1" || exit 1
shift
for id; do
  rm -rf -- "$id.out" "$id.err" "$id.exit" "$id"
done
`;
