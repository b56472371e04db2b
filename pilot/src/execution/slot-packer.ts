import { resourceTags } from '../resources/resource-tags.util.js';

/** What the pilot offers as a whole: job slots (one processor each) and memory. */
export interface SlotCapacity {
  slots: number;
  memoryMiB: number;
}

/** What one running job holds. */
export interface SlotClaim {
  processors: number;
  maxRamMiB: number | null;
}

/** The `request-work` payload: the free part of the pilot now. */
export interface WorkRequest {
  freeSlots: number;
  resources: { processors: number; memoryMiB: number; timeLeftS: number; tags: string[] };
}

/**
 * Memory a job holds: its MaxRAM when it declares one, else its processors' share of the pilot's
 * memory (what a batch system would give a job of that many cores), so undeclared jobs leave room
 * for each other.
 */
export function claimedMemoryMiB(capacity: SlotCapacity, claim: SlotClaim): number {
  return claim.maxRamMiB ?? Math.floor((capacity.memoryMiB * claim.processors) / Math.max(1, capacity.slots));
}

export function freeCapacity(capacity: SlotCapacity, claims: Iterable<SlotClaim>): SlotCapacity {
  let slots = capacity.slots;
  let memoryMiB = capacity.memoryMiB;
  for (const claim of claims) {
    slots -= claim.processors;
    memoryMiB -= claimedMemoryMiB(capacity, claim);
  }
  return { slots: Math.max(0, slots), memoryMiB: Math.max(0, memoryMiB) };
}

/** Whether a job fits in what is free: the pilot checks the server's match before running it. */
export function claimFits(capacity: SlotCapacity, claims: Iterable<SlotClaim>, claim: SlotClaim): boolean {
  const free = freeCapacity(capacity, claims);
  return claim.processors >= 1 && claim.processors <= free.slots && claimedMemoryMiB(capacity, claim) <= free.memoryMiB;
}

/**
 * What to ask the server for next, or null when every slot is busy. The request offers all free
 * slots at once and lets the server pick any job needing at most that many: asking for exactly N
 * would leave cores idle that a single-core job could use, and the pilot asks again with what is
 * left as soon as a job arrives. (DIRAC's JobAgent first asks for its most demanding jobs, then for
 * any; here the server's matcher chooses among all jobs that fit.)
 */
export function nextWorkRequest(capacity: SlotCapacity, claims: Iterable<SlotClaim>, timeLeftS: number): WorkRequest | null {
  const free = freeCapacity(capacity, claims);
  if (free.slots < 1) {
    return null;
  }
  return {
    freeSlots: free.slots,
    resources: {
      processors: free.slots,
      memoryMiB: free.memoryMiB,
      timeLeftS: Math.max(0, Math.floor(timeLeftS)),
      tags: resourceTags(free.slots, free.memoryMiB),
    },
  };
}
