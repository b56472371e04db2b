import type { ResourceDescription } from './resource-description.js';

/** A computing element's queue as the configuration describes it: what a pilot sent there would offer. */
export interface ComputingElementView {
  readonly site: string;
  readonly ce: string;
  readonly platforms: readonly string[];
  readonly tags: readonly string[];
  /** The longest job the queue runs, in HS06·s. */
  readonly maxCPUTime: number;
  readonly maxProcessors: number;
  readonly wholeNode: boolean;
  /** MB; null when the site does not say. */
  readonly ramMB: number | null;
}

/**
 * The slot a fresh pilot on this queue would announce, so a job can be checked against a computing
 * element before any pilot runs there (no site restrictions: those live in pilots' descriptions).
 */
export function computingElementResource(ce: ComputingElementView): ResourceDescription {
  return {
    site: ce.site,
    ce: ce.ce,
    platforms: ce.platforms,
    cpuTimeLeft: ce.maxCPUTime,
    processors: ce.maxProcessors,
    wholeNode: ce.wholeNode,
    ramMB: ce.ramMB,
    tags: ce.tags,
    requiredTags: [],
  };
}
