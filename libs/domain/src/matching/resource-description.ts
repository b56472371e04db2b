import type { ClassAdExpr } from '@majorana/jdl';

/**
 * A slot that can run a job, as a pilot announces it (DIRAC's resource description): where it is,
 * what it offers, and any restriction the site puts on who may use it.
 */
export interface ResourceDescription {
  readonly site: string;
  /** The computing element the pilot came through. */
  readonly ce?: string;
  /** Platforms the slot can run, its native one first. */
  readonly platforms: readonly string[];
  /** Normalised CPU time the slot can still give, in HS06·s. */
  readonly cpuTimeLeft: number;
  readonly processors: number;
  readonly wholeNode: boolean;
  /** Memory in MB; null when unknown. */
  readonly ramMB: number | null;
  /** Capabilities (DIRAC's Tag): the slot can run jobs that ask for them. */
  readonly tags: readonly string[];
  /** DIRAC's RequiredTag: the slot only runs jobs that ask for all of these. */
  readonly requiredTags: readonly string[];
  /** Set when the slot is reserved for one VO, owner or group. */
  readonly vo?: string;
  readonly owner?: string;
  readonly ownerGroup?: string;
  /** The resource's own ClassAd (for example with a Requirements on the job), merged into its match ad. */
  readonly classAd?: ClassAdExpr;
}
