import { AuthErrorCode, AuthException } from '../errors/auth.exception.js';
import { type Principal } from '../principal/principal.js';
import { DiracProperty } from '../properties/dirac-property.js';

/** The ownership of a job, which is all the access rules look at. */
export interface JobOwnership {
  readonly owner: string;
  readonly ownerGroup: string;
}

/**
 * Which jobs a search may return. A job matches when its owner is in `owners` OR its group is in
 * `ownerGroups` (an absent list matches nothing); `null` means every job.
 */
export interface VisibleJobsFilter {
  readonly owners?: readonly string[];
  readonly ownerGroups?: readonly string[];
}

/**
 * Whether the principal may see a job: their own jobs (in any of their groups), the jobs of their
 * current group with JobSharing, every job with JobAdministrator — DIRAC's JobPolicy. Being a
 * ServiceAdministrator or a Pilot grants nothing here, as in DIRAC.
 */
export function canSeeJob(principal: Principal, job: JobOwnership): boolean {
  return matchesJobFilter(visibleJobsFilter(principal), job);
}

/** Whether the principal may kill, delete or reschedule a job: the same rule as seeing it. */
export function canActOnJob(principal: Principal, job: JobOwnership): boolean {
  return canSeeJob(principal, job);
}

/** The search restriction equivalent to `canSeeJob`, for queries that must not load every job. */
export function visibleJobsFilter(principal: Principal): VisibleJobsFilter | null {
  if (principal.properties.has(DiracProperty.JobAdministrator)) {
    return null;
  }
  if (principal.properties.has(DiracProperty.JobSharing)) {
    return { owners: [principal.user], ownerGroups: [principal.group] };
  }
  return { owners: [principal.user] };
}

/** The meaning of a VisibleJobsFilter, for repositories' tests and in-memory fakes. */
export function matchesJobFilter(filter: VisibleJobsFilter | null, job: JobOwnership): boolean {
  if (filter === null) {
    return true;
  }
  return (filter.owners?.includes(job.owner) ?? false) || (filter.ownerGroups?.includes(job.ownerGroup) ?? false);
}

/** Throws Forbidden unless the principal holds at least one of the properties. */
export function requireProperty(principal: Principal, ...anyOf: [DiracProperty, ...DiracProperty[]]): void {
  if (anyOf.some((property) => principal.properties.has(property))) {
    return;
  }
  const needed = anyOf.length === 1 ? `the ${anyOf[0]} property` : `one of the properties ${anyOf.join(', ')}`;
  throw new AuthException(
    AuthErrorCode.Forbidden,
    `${principal.user} (group ${principal.group}) lacks ${needed}: use a token of a group that has it, or ask an administrator to grant it`,
    { missing: anyOf },
  );
}
