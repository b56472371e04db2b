import { type Clock } from '../execution/clock.js';
import { discoverDeadline } from './batch-deadline.js';
import { type CommandRunner, execFileRunner } from './command-runner.js';
import { platformString } from './platform.util.js';
import { resourceTags } from './resource-tags.util.js';
import { type SystemProbe, nodeSystemProbe } from './system-probe.js';
import { timeLeftS } from './time-left.util.js';

/** The protocol's `resources` of a `hello` (libs/protocol/README.md). */
export interface PilotResources {
  processors: number;
  memoryMiB: number;
  diskMiB: number;
  timeLeftS: number;
  platform: string;
  tags: string[];
  slots: number;
}

export interface DiscoverResourcesOptions {
  /** `--max-time` in seconds. */
  maxTimeS?: number | null;
  /** `--slots`: job slots this pilot offers. @default os.availableParallelism() */
  slots?: number | null;
  /** `--cpu-normalization`: HS06 per core of this node (DIRAC's CPUNormalizationFactor). @default 1 */
  cpuNormalization?: number | null;
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  /** Where job working directories go; its file system's free space is `diskMiB`. @default process.cwd() */
  workDir?: string;
  runner?: CommandRunner;
  probe?: SystemProbe;
}

export interface DiscoveredResources {
  resources: PilotResources;
  /**
   * When the pilot must be gone (ms since the epoch), null when unlimited; `timeLeftS(deadlineMs,
   * now)` gives the time left for later `request-work` messages.
   */
  deadlineMs: number | null;
}

const MIB = 1024 * 1024;

/**
 * What this pilot offers, measured once at start-up. Processors are the slots (one job processor per
 * slot), memory is the machine's or its control group's limit when lower, disk the free space where
 * jobs will run.
 */
export async function discoverResources(options: DiscoverResourcesOptions): Promise<DiscoveredResources> {
  const probe = options.probe ?? nodeSystemProbe;
  const slots = options.slots ?? probe.availableParallelism();
  const limit = await probe.memoryLimitBytes();
  const memoryBytes = limit !== null ? Math.min(limit, probe.totalMemoryBytes()) : probe.totalMemoryBytes();
  const memoryMiB = Math.floor(memoryBytes / MIB);
  const diskMiB = Math.floor((await probe.freeDiskBytes(options.workDir ?? process.cwd())) / MIB);
  const deadlineMs = await discoverDeadline({
    maxTimeS: options.maxTimeS,
    env: options.env,
    clock: options.clock,
    runner: options.runner ?? execFileRunner,
  });
  return {
    resources: {
      processors: slots,
      memoryMiB,
      diskMiB,
      timeLeftS: timeLeftS(deadlineMs, options.clock.now()),
      platform: platformString(probe.osName(), probe.machine(), probe.glibcVersion()),
      tags: resourceTags(slots, memoryMiB),
      slots,
      ...(options.cpuNormalization === undefined || options.cpuNormalization === null
        ? {}
        : { cpuNormalization: options.cpuNormalization }),
    },
    deadlineMs,
  };
}
