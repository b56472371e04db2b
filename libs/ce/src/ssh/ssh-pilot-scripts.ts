import { shellQuote } from './shell-quote.js';

/*
 * The POSIX sh programs the SSH CE runs on the remote host, one `sh -c <script> <name> <args…>` per
 * call. They are constants: everything variable reaches them as positional parameters, quoted once
 * by the runner, or (the pilots' environment) on stdin, so no value is ever parsed as shell code. They use
 * only POSIX sh and utilities plus `setsid` (util-linux) and a `sleep` that takes fractions (GNU, busybox).
 *
 * A pilot's directory `<remoteWorkDir>/<id>/` holds:
 *   wrapper     the wrapper's pid: the wrapper lives exactly as long as the pilot (plus an instant)
 *   pid         the pilot's pid, which is also its process group and session id
 *   pilot.out   the pilot's stdout;  pilot.err  its stderr;  wrapper.err  the wrapper's own errors
 *   exit        the pilot's exit status (128+N for signal N), written by the wrapper once it ended
 *
 * Each script answers with one line per pilot: `<id> <word> [<value>]`.
 */

/**
 * The pilots' environment as the launcher reads it from stdin: one `export NAME='value'` line per
 * variable, each value quoted so that sourcing the file assigns it verbatim. Names are checked by
 * validateSubmitRequest / the CE options before they get here.
 */
export function pilotEnvScript(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([name, value]) => `export ${name}=${shellQuote(value)}\n`)
    .join('');
}

/**
 * Lives beside one pilot, in its own session: starts it in a new session (so it leads its own
 * process group, which cancel signals as a whole), prints its pid, waits for it, kills what it left in
 * its group (as a batch system ends a job's processes), and records its exit status. Being outside the
 * pilot's group, it survives a cancel and still records how the pilot ended.
 *
 *   $1 pilot dir, $2 pilot ref, $3 the environment file to source, then executable script args…
 */
export const PILOT_WRAPPER_SCRIPT = `dir=$1 ref=$2 envfile=$3
shift 3
. "$envfile" || exit 1
export MAJORANA_PILOT_REF="$ref"
cd "$dir" || exit 1
printf '%s\\n' "$$" >wrapper
setsid "$@" </dev/null >pilot.out 2>pilot.err &
pid=$!
printf '%s\\n' "$pid" >pid.part && mv pid.part pid
printf '%s\\n' "$pid"
exec >/dev/null
wait "$pid"
code=$?
kill -s KILL -- "-$pid" 2>/dev/null
printf '%s\\n' "$code" >exit.part && mv exit.part exit
`;

/**
 * Starts one pilot per id, each under its own wrapper, detached from this SSH session. Answers
 * `<id> started <pid>` or `<id> failed <reason>`, or one `- error <reason>` line when nothing could
 * start (missing node, unreadable script, no setsid, no work directory).
 *
 * The pilots' environment comes on stdin as `export NAME='value'` lines, never on a command line: the
 * site director puts the pilot's credential there, and command lines are public (`ps`, on both hosts).
 * It sits in a file of mode 0600 only until every wrapper has read it.
 *
 *   $1 remote work dir, $2 ref prefix (ssh://<ce>/), $3 space-separated ids, $4 the wrapper script,
 *   then executable script args…
 */
export const LAUNCH_PILOTS_SCRIPT = `work=$1 prefix=$2 ids=$3 wrapper=$4
shift 4
set -f
fail() { printf '%s error %s\\n' - "$1"; exit 0; }
[ -f "$1" ] && [ -x "$1" ] || fail "the pilot executable $1 is not an executable file on this host"
[ -r "$2" ] || fail "the pilot script $2 cannot be read on this host"
command -v setsid >/dev/null 2>&1 || fail "setsid (util-linux) is not installed on this host"
mkdir -p -- "$work" 2>/dev/null || fail "cannot create the work directory $work"
envfile=$work/.launch-$$.env
(umask 077 && cat >"$envfile") || fail "cannot write $envfile"
for id in $ids; do
  dir=$work/$id
  if ! mkdir -- "$dir" 2>/dev/null; then printf '%s failed cannot create %s\\n' "$id" "$dir"; continue; fi
  pid=$(setsid sh -c "$wrapper" majorana-pilot-wrapper "$dir" "$prefix$id" "$envfile" "$@" </dev/null 2>"$dir/wrapper.err" &)
  case $pid in
    ''|*[!0-9]*) printf '%s failed the wrapper did not start: %s\\n' "$id" "$(head -c 300 "$dir/wrapper.err" | tr '\\n' ' ')" ;;
    *) printf '%s started %s\\n' "$id" "$pid" ;;
  esac
done
rm -f "$envfile"
`;

/**
 * Reports each pilot: `exited <status>`, `running` (its wrapper lives), `gone` (wrapper and pilot gone
 * with no exit recorded: killed with it, or the host rebooted), or `missing` (no directory). The exit
 * file is read again after a dead wrapper, which may have written it in between.
 *
 *   $1 remote work dir, then ids
 */
export const PILOT_STATUS_SCRIPT = `work=$1
shift
for id do
  d=$work/$id
  if [ -f "$d/exit" ]; then printf '%s exited %s\\n' "$id" "$(cat "$d/exit")"
  elif [ ! -d "$d" ]; then printf '%s missing\\n' "$id"
  elif w=$(cat "$d/wrapper" 2>/dev/null) && [ -n "$w" ] && kill -0 "$w" 2>/dev/null; then printf '%s running\\n' "$id"
  elif [ -f "$d/exit" ]; then printf '%s exited %s\\n' "$id" "$(cat "$d/exit")"
  else printf '%s gone\\n' "$id"; fi
done
`;

/**
 * SIGTERM to each pilot's process group now, and SIGKILL to those groups after the grace from a
 * detached process, so that this call returns at once. A pilot that already ended is reported as
 * `exited` and left alone; `signalled` means the TERM was delivered.
 *
 *   $1 remote work dir, $2 grace in seconds (fractions allowed), then ids
 */
export const CANCEL_PILOTS_SCRIPT = `work=$1 grace=$2
shift 2
groups=
for id do
  d=$work/$id
  if [ -f "$d/exit" ]; then printf '%s exited %s\\n' "$id" "$(cat "$d/exit")"; continue; fi
  pid=$(cat "$d/pid" 2>/dev/null) || pid=
  case $pid in ''|*[!0-9]*) printf '%s missing\\n' "$id"; continue ;; esac
  if kill -s TERM -- "-$pid" 2>/dev/null; then printf '%s signalled\\n' "$id"; groups="$groups $pid"
  elif [ -f "$d/exit" ]; then printf '%s exited %s\\n' "$id" "$(cat "$d/exit")"
  else printf '%s gone\\n' "$id"; fi
done
if [ -n "$groups" ]; then
  setsid sh -c 'sleep "$1"; shift; for g do kill -s KILL -- "-$g" 2>/dev/null; done' majorana-pilot-killer "$grace" $groups </dev/null >/dev/null 2>&1 &
fi
exit 0
`;

/**
 * The last bytes of a pilot's stdout, a boundary line, then the last bytes of its stderr (missing
 * files read as empty).
 *
 *   $1 pilot dir, $2 bytes, $3 boundary
 */
export const PILOT_OUTPUT_SCRIPT = `tail -c "$2" "$1/pilot.out" 2>/dev/null
printf '\\n%s\\n' "$3"
tail -c "$2" "$1/pilot.err" 2>/dev/null
exit 0
`;

/**
 * Creates the work directory and says whether the shipped pilot is already there (another CE
 * instance, or this one before a restart, shipped the same content).
 *
 *   $1 remote work dir, $2 the shipped script's remote path
 */
export const PREPARE_WORK_DIR_SCRIPT = `mkdir -p -- "$1" || exit 1
if [ -f "$2" ]; then echo present; else echo absent; fi
`;
