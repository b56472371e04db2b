import { computingElementResource, type ResourceDescription } from '@majorana/domain';
import type { MachineShape } from './local-machine.js';

/**
 * Far more than any CPU-time segment: a Local pilot has no batch-system time limit (the wall-clock
 * watchdog still applies to each job).
 */
const UNLIMITED_CPU_TIME = Number.MAX_SAFE_INTEGER;
/** Memory tags stop here, as the pilot's own tags do (resource-tags.util.ts). */
const MAX_MEMORY_TAG_GIB = 200;

/**
 * The slot a fresh Local pilot will offer when it first asks for work, for the site director to ask
 * "could a pilot here run any waiting job?" before starting one: its site and CE, all its slots
 * (whole pilot), the platform and memory of this machine, and the tags the pilot advertises
 * (`<N>Processors`, `MultiProcessor`, `<n>GB` for each whole GiB).
 */
export function localCeResource(options: { site: string; ce: string; slots: number; machine: MachineShape }): ResourceDescription {
  const { site, ce, slots, machine } = options;
  return computingElementResource({
    site,
    ce,
    platforms: machine.platform === '' ? [] : [machine.platform],
    tags: pilotTags(slots, machine.memoryMiB),
    maxCPUTime: UNLIMITED_CPU_TIME,
    maxProcessors: slots,
    wholeNode: true,
    ramMB: machine.memoryMiB > 0 ? machine.memoryMiB : null,
  });
}

function pilotTags(processors: number, memoryMiB: number): string[] {
  const tags = [`${processors}Processors`];
  if (processors > 1) {
    tags.push('MultiProcessor');
  }
  const gib = Math.min(Math.floor(memoryMiB / 1024), MAX_MEMORY_TAG_GIB);
  for (let n = 1; n <= gib; n++) {
    tags.push(`${n}GB`);
  }
  return tags;
}
