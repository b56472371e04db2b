/**
 * The CPU-time segments of DIRAC's TaskQueueDB, in HS06·s. A job's CPUTime is rounded up to the next
 * segment, so jobs asking for 2000 and 3000 s share one task queue instead of making two: fewer
 * queues keep matching cheap, at the price of a job needing a slot as long as its whole segment.
 */
export const CPU_TIME_SEGMENTS: readonly number[] = [
  360, 1800, 3600, 21600, 43200, 86400, 172800, 259200, 345600, 518400, 691200, 864000, 1080000,
];

const LONGEST_SEGMENT = 1_080_000;

/** The smallest segment that is at least `cpuTime`; longer (or non-numeric) times get the longest segment. */
export function cpuTimeSegment(cpuTime: number): number {
  return CPU_TIME_SEGMENTS.find((segment) => cpuTime <= segment) ?? LONGEST_SEGMENT;
}

/**
 * The longest segment a slot of `cpuTime` HS06·s can still take, or null when even the shortest is
 * too long: what a user may lower CPUTime to so that the job fits.
 */
export function longestSegmentWithin(cpuTime: number): number | null {
  return CPU_TIME_SEGMENTS.filter((segment) => segment <= cpuTime).at(-1) ?? null;
}
