import { JobMinorStatus } from './job-minor-status.js';

/** What a job may use; null means no limit. */
export interface JobLimits {
  cpuTimeS: number | null;
  wallTimeS: number | null;
  memoryMiB: number | null;
}

export interface MeasuredUsage {
  cpuTimeS: number;
  wallTimeS: number;
  memoryMiB: number;
}

/**
 * The minor status of the first limit a job's usage is over, or null. CPU first: a CPU-bound job over
 * both limits ran out of CPU, its wall-clock follows from it.
 */
export function exceededLimit(usage: MeasuredUsage, limits: JobLimits): string | null {
  if (limits.cpuTimeS !== null && usage.cpuTimeS > limits.cpuTimeS) {
    return JobMinorStatus.ExceededCpuTime;
  }
  if (limits.memoryMiB !== null && usage.memoryMiB > limits.memoryMiB) {
    return JobMinorStatus.ExceededMemory;
  }
  if (limits.wallTimeS !== null && usage.wallTimeS > limits.wallTimeS) {
    return JobMinorStatus.ExceededWallTime;
  }
  return null;
}
