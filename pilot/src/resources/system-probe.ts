import { readFile, statfs } from 'node:fs/promises';
import os from 'node:os';

/** What the node itself says about its size; behind an interface so discovery is testable anywhere. */
export interface SystemProbe {
  availableParallelism(): number;
  totalMemoryBytes(): number;
  /** The memory limit of the pilot's control group, or null when none is set. */
  memoryLimitBytes(): Promise<number | null>;
  freeDiskBytes(dir: string): Promise<number>;
  /** `Linux` */
  osName(): string;
  /** `x86_64`, `aarch64` */
  machine(): string;
  /** `2.36`, or null without glibc. */
  glibcVersion(): string | null;
}

/** cgroup v2 first, then v1; a limit at or above the machine's memory means none. */
const CGROUP_MEMORY_LIMITS = ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes'];

export const nodeSystemProbe: SystemProbe = {
  availableParallelism: () => os.availableParallelism(),
  totalMemoryBytes: () => os.totalmem(),
  memoryLimitBytes: async () => {
    for (const path of CGROUP_MEMORY_LIMITS) {
      try {
        const text = (await readFile(path, 'utf8')).trim();
        const bytes = Number(text);
        return text === 'max' || !Number.isFinite(bytes) ? null : bytes;
      } catch {
        // not this cgroup version
      }
    }
    return null;
  },
  freeDiskBytes: async (dir) => {
    const stats = await statfs(dir);
    return stats.bavail * stats.bsize;
  },
  osName: () => os.type(),
  machine: () => os.machine(),
  glibcVersion: () => {
    // process.report's header names the glibc the running node links against (absent on musl).
    const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
    return report.header?.glibcVersionRuntime ?? null;
  },
};
