import { createHash } from 'node:crypto';
import { cpuTimeSegment } from './cpu-time-segment.js';
import { processorTags } from './processor-tags.js';

/**
 * What makes jobs interchangeable for matching (DIRAC's TaskQueueDB row): jobs with equal definitions
 * share one task queue, so a pilot is matched against queues, not against every waiting job. Lists are
 * sorted and de-duplicated so that equal definitions compare (and hash) equal.
 */
export interface TaskQueueDefinition {
  readonly owner: string;
  readonly ownerGroup: string;
  readonly vo: string;
  /** The job's CPU-time segment in HS06·s (see cpuTimeSegment), not its exact CPUTime. */
  readonly cpuTime: number;
  /** Sites the jobs may run at; empty means any. */
  readonly sites: readonly string[];
  readonly bannedSites: readonly string[];
  /** Platforms the jobs run on; empty means any. */
  readonly platforms: readonly string[];
  /** The job's Tags plus the processor tags DIRAC derives (see processorTags). */
  readonly tags: readonly string[];
  readonly jobTypes: readonly string[];
  readonly minProcessors: number;
  /** null: no upper bound (MinNumberOfProcessors without MaxNumberOfProcessors). */
  readonly maxProcessors: number | null;
  readonly wholeNode: boolean;
  /** MB; null when the job does not say. */
  readonly maxRAM: number | null;
  /** Computing elements the jobs must run on (GridCE); empty means any. */
  readonly gridCEs: readonly string[];
}

/**
 * The scheduling fields of a job, shaped like `JobDescription` from @majorana/jdl so that one can be
 * passed as it is.
 */
export interface JobSchedulingInput {
  readonly cpuTime: number;
  readonly sites: readonly string[];
  readonly bannedSites: readonly string[];
  readonly platform: string | null;
  readonly tags: readonly string[];
  readonly jobType: string;
  readonly numberOfProcessors: number | null;
  readonly minNumberOfProcessors: number | null;
  readonly maxNumberOfProcessors: number | null;
  readonly wholeNode: boolean;
  readonly maxRAM: number | null;
  readonly gridCE: string | null;
}

/** Who the jobs belong to: the server sets these from the authenticated user, never from the JDL. */
export interface TaskQueueOwner {
  readonly owner: string;
  readonly ownerGroup: string;
  readonly vo: string;
}

export function taskQueueDefinitionOf(job: JobSchedulingInput, owner: TaskQueueOwner): TaskQueueDefinition {
  const processors = processorRange(job);
  return {
    owner: owner.owner,
    ownerGroup: owner.ownerGroup,
    vo: owner.vo,
    cpuTime: cpuTimeSegment(job.cpuTime),
    sites: sortedUnique(job.sites),
    bannedSites: sortedUnique(job.bannedSites),
    platforms: sortedUnique(job.platform === null ? [] : [job.platform]),
    tags: sortedUnique([...job.tags, ...processorTags({ ...processors, wholeNode: job.wholeNode })]),
    jobTypes: sortedUnique([job.jobType]),
    ...processors,
    wholeNode: job.wholeNode,
    maxRAM: job.maxRAM,
    gridCEs: sortedUnique(job.gridCE === null ? [] : [job.gridCE]),
  };
}

/**
 * DIRAC's reading of the processor attributes: NumberOfProcessors is an exact count and wins over
 * Min/Max; MinNumberOfProcessors alone has no upper bound; a job that says nothing is single-core.
 */
function processorRange(job: JobSchedulingInput): { minProcessors: number; maxProcessors: number | null } {
  if (job.numberOfProcessors !== null) {
    return { minProcessors: job.numberOfProcessors, maxProcessors: job.numberOfProcessors };
  }
  if (job.minNumberOfProcessors !== null) {
    return { minProcessors: job.minNumberOfProcessors, maxProcessors: job.maxNumberOfProcessors };
  }
  return { minProcessors: 1, maxProcessors: job.maxNumberOfProcessors ?? 1 };
}

/**
 * The tags the job asked for itself, without those derived from its processor request: matching
 * reports processor shortfalls once, as processors, not again as missing tags.
 */
export function explicitTags(definition: TaskQueueDefinition): string[] {
  const derived = new Set(processorTags(definition));
  return definition.tags.filter((tag) => !derived.has(tag));
}

/**
 * A stable identity for a definition: the sha-256 of its canonical JSON (fields in a fixed order,
 * lists sorted), so every server replica finds the same task queue for the same jobs.
 */
export function taskQueueKey(definition: TaskQueueDefinition): string {
  // Keys written out in a fixed order: JSON.stringify keeps insertion order, and a definition read
  // back from a database may carry its fields in any order.
  const canonical = {
    owner: definition.owner,
    ownerGroup: definition.ownerGroup,
    vo: definition.vo,
    cpuTime: definition.cpuTime,
    sites: sortedUnique(definition.sites),
    bannedSites: sortedUnique(definition.bannedSites),
    platforms: sortedUnique(definition.platforms),
    tags: sortedUnique(definition.tags),
    jobTypes: sortedUnique(definition.jobTypes),
    minProcessors: definition.minProcessors,
    maxProcessors: definition.maxProcessors,
    wholeNode: definition.wholeNode,
    maxRAM: definition.maxRAM,
    gridCEs: sortedUnique(definition.gridCEs),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** Code-unit order, not locale order: the result must not depend on the server's locale. */
function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
