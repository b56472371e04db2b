import { readFileSync } from 'node:fs';

/**
 * Whether the process has exited but was never reaped (Linux `/proc/<pid>/stat` state Z). kill(pid, 0)
 * still succeeds on a zombie, and in a container whose PID 1 does not reap orphans (Node as PID 1,
 * `docker run` without `--init`) an exited pilot stays one forever; for us it is gone. False where
 * /proc is missing (not Linux) or the process does not exist.
 */
export function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "pid (command name) S …": the name may hold spaces and parentheses, the state follows the last ")".
  return stat
    .slice(stat.lastIndexOf(')') + 1)
    .trimStart()
    .startsWith('Z');
}
