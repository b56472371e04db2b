import { rank, symmetricMatch, type ClassAdExpr, type ClassAdValue } from '@majorana/jdl';
import type { MatchClock } from './match-clock.js';
import { resourceClassAd } from './resource-class-ad.js';
import type { ResourceDescription } from './resource-description.js';

export interface JobResourceMatch {
  /** Both Requirements are exactly true. */
  readonly matched: boolean;
  /** The job's Requirements with the resource as `other` (true when the job has none). */
  readonly jobRequirements: ClassAdValue;
  /** The resource's own Requirements with the job as `other` (true when it has none). */
  readonly resourceRequirements: ClassAdValue;
  /** The job's Rank of this resource, higher is better; 0 when the job has no numeric Rank. */
  readonly rank: number;
}

/**
 * The ClassAd side of matching, after the task-queue filter: the job's Requirements against the
 * slot, and the slot's Requirements (from its own ClassAd) against the job, as HTCondor's symmetric
 * match does. `jobAd` is the job's match ad (`jobMatchAd` in @majorana/jdl).
 */
export function jobMatchesResource(jobAd: ClassAdExpr, resource: ResourceDescription, clock: MatchClock): JobResourceMatch {
  const resourceAd = resourceClassAd(resource);
  const match = symmetricMatch(jobAd, resourceAd, clock);
  return { ...match, rank: rank(jobAd, resourceAd, clock).rank };
}
