import { computingElementResource, type ResourceDescription } from '@majorana/domain';
import type { CeDeclaration } from '../computing-elements/ce-declaration.js';

/** Memory tags stop here, as the pilot's own tags do (resource-tags.util.ts). */
const MAX_MEMORY_TAG_GIB = 200;

/**
 * The slot a fresh pilot of this CE will offer, built from the queue's static description, so that the
 * site director asks the matcher's own question ("could this slot run that task queue?") before any
 * pilot runs there: the site and CE; the queue's platform; its CPU-time limit (or the pilot's lifetime, if shorter) × normalisation, in HS06·s
 * like a job's CPUTime; the pilot's slots as processors; the queue's memory; its tags plus the ones
 * every pilot advertises (`<N>Processors`, `MultiProcessor`, `<n>GB`). A batch slot is not a whole node.
 */
export function queueResource(declaration: CeDeclaration): ResourceDescription {
  const { queue, pilot } = declaration;
  return computingElementResource({
    site: declaration.site,
    ce: declaration.name,
    platforms: [queue.platform],
    tags: [...new Set([...queue.tags, ...pilotTags(pilot.slots, queue.ramMiB)])],
    // A pilot offers at most its own lifetime, however long the batch queue would let it run.
    maxCPUTime: Math.min(queue.cpuTimeLimitS, pilot.maxTimeS) * queue.cpuNormalization,
    maxProcessors: pilot.slots,
    wholeNode: false,
    ramMB: queue.ramMiB,
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
