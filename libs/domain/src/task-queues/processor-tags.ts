/** The processor and memory shape a task queue asks for. */
export interface ProcessorRequest {
  readonly minProcessors: number;
  /** null: no upper bound. */
  readonly maxProcessors: number | null;
  readonly wholeNode: boolean;
}

/** What a slot (a pilot's resource, or a computing element's queue) offers. */
export interface SlotShape {
  readonly tags: readonly string[];
  readonly processors: number;
  readonly wholeNode: boolean;
}

const MULTI_PROCESSOR = 'MultiProcessor';
const WHOLE_NODE = 'WholeNode';
const PROCESSORS_TAG = /^([1-9][0-9]*)Processors$/;

/**
 * The tags DIRAC's JobScheduling optimizer derives from a job's processor request
 * (`_getTagsFromManifest`): `MultiProcessor` when at least two processors are needed, `<n>Processors`
 * for an exact count above one, and `WholeNode` (with `MultiProcessor`, as DIRAC adds both) for a
 * whole-node job. Sites configure queues with these tags, so they are part of the task queue.
 */
export function processorTags(request: ProcessorRequest): string[] {
  const tags: string[] = [];
  if (request.minProcessors > 1) {
    tags.push(MULTI_PROCESSOR);
  }
  if (request.minProcessors > 1 && request.minProcessors === request.maxProcessors) {
    tags.push(`${request.minProcessors}Processors`);
  }
  if (request.wholeNode) {
    tags.push(WHOLE_NODE, MULTI_PROCESSOR);
  }
  return tags;
}

/**
 * True when the slot offers `tag`: it lists it, or the tag is one DIRAC derives from processors and
 * the slot is big enough (`MultiProcessor` from two processors, `4Processors` on a slot of four or
 * more, `WholeNode` on a whole-node slot). Deriving them here spares admins from listing every count.
 */
export function slotOffersTag(slot: SlotShape, tag: string): boolean {
  if (slot.tags.includes(tag)) {
    return true;
  }
  if (tag === MULTI_PROCESSOR) {
    return slot.processors > 1;
  }
  if (tag === WHOLE_NODE) {
    return slot.wholeNode;
  }
  const count = PROCESSORS_TAG.exec(tag)?.[1];
  return count !== undefined && Number(count) <= slot.processors;
}
