/**
 * Linux reports CPU times in /proc in clock ticks of USER_HZ, which is 100 on every architecture the
 * pilot runs on (x86_64, aarch64, ppc64le); Node cannot call sysconf(_SC_CLK_TCK) to ask.
 */
export const CLOCK_TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat the watchdog needs; times in clock ticks. */
export interface ProcStat {
  pid: number;
  /** R, S, D, Z (zombie: exited, not yet reaped), T, … */
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  utime: number;
  stime: number;
  /** Time of waited-for children (and their waited-for descendants). */
  cutime: number;
  cstime: number;
  /** Ticks after boot; with the pid it names one process for good, since pids are reused. */
  starttime: number;
}

/**
 * Parses one /proc/<pid>/stat line. The command name sits in parentheses and may itself contain
 * spaces and parentheses, so the fields are counted from the last `)`. Returns null for text that is
 * not a stat line (a process that vanished mid-read gives an empty file).
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) {
    return null;
  }
  const pid = Number(text.slice(0, open).trim());
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  if (!Number.isInteger(pid) || fields.length < 20) {
    return null;
  }
  const n = (index: number): number => Number(fields[index]);
  return {
    pid,
    state: fields[0] as string,
    ppid: n(1),
    pgrp: n(2),
    session: n(3),
    utime: n(11),
    stime: n(12),
    cutime: n(13),
    cstime: n(14),
    starttime: n(19),
  };
}

/** VmRSS of /proc/<pid>/status in KiB; 0 when absent (kernel threads, zombies). */
export function parseVmRssKiB(statusText: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(statusText);
  return match ? Number(match[1]) : 0;
}

/** CPU seconds a process and its reaped descendants have used. */
export function cpuSecondsOf(stat: ProcStat): number {
  return (stat.utime + stat.stime + stat.cutime + stat.cstime) / CLOCK_TICKS_PER_SECOND;
}
