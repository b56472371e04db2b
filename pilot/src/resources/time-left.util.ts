/**
 * What a pilot reports as time left when nothing limits it: ten years, a number far above any job's
 * CPU or wall-clock request (so the matcher never refuses for lack of time) that still fits a 32-bit
 * integer for servers and databases that store it as one.
 */
export const UNLIMITED_TIME_LEFT_S = 10 * 365 * 24 * 3600;

/**
 * Parses Slurm's `%L` (time left) output of `squeue`: `[days-]hours:minutes:seconds`,
 * `minutes:seconds`, or a bare number of minutes; `UNLIMITED`, `NOT_SET`, `INVALID` and anything else
 * give null (no limit known).
 */
export function parseSlurmTimeLeft(text: string): number | null {
  const match = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$/.exec(text.trim());
  if (!match) {
    return null;
  }
  const [, days, first, second, third] = match;
  const parts = [first, second, third].filter((part): part is string => part !== undefined).map(Number);
  if (days !== undefined && parts.length === 1) {
    // `days-hours`
    return Number(days) * 86400 + (parts[0] ?? 0) * 3600;
  }
  let seconds: number;
  if (parts.length === 3) {
    seconds = (parts[0] ?? 0) * 3600 + (parts[1] ?? 0) * 60 + (parts[2] ?? 0);
  } else if (parts.length === 2) {
    seconds = days !== undefined ? (parts[0] ?? 0) * 3600 + (parts[1] ?? 0) * 60 : (parts[0] ?? 0) * 60 + (parts[1] ?? 0);
  } else {
    seconds = (parts[0] ?? 0) * 60;
  }
  return (days !== undefined ? Number(days) * 86400 : 0) + seconds;
}

/** Whole seconds from `nowMs` to `deadlineMs` (never negative), or the unlimited value without a deadline. */
export function timeLeftS(deadlineMs: number | null, nowMs: number): number {
  if (deadlineMs === null) {
    return UNLIMITED_TIME_LEFT_S;
  }
  return Math.max(0, Math.floor((deadlineMs - nowMs) / 1000));
}
