import { type DiracProperty } from '../properties/dirac-property.js';

/** Who is calling, as established by an authentication strategy; what the access rules look at. */
export interface Principal {
  /** The user name (a token's `sub`). */
  readonly user: string;
  /** The DIRAC group the caller acts in; a user in several groups picks one per token. */
  readonly group: string;
  readonly vo: string;
  readonly properties: ReadonlySet<DiracProperty>;
  /** The credential's id, for revocation and audit logs. */
  readonly jti: string;
  readonly expiresAt: Date;
  /**
   * Set for a job token (TokenService.issueJobToken): the holder is the pilot running this attempt of
   * this job, and may only reach that job's sandboxes (routes marked `@JobScopedAccess()`). Such a
   * principal has no properties; the routes check the scope against the job's current attempt.
   */
  readonly jobScope?: JobScope;
  /**
   * Set for a pilot credential a site director issued for one computing element: the pilot may only
   * say hello as a pilot of this CE (the gateway checks), and only until the pilot's max time.
   */
  readonly ce?: string;
}

/** What a job token gives access to: one attempt of one job. */
export interface JobScope {
  readonly jobId: number;
  readonly attempt: number;
}

export function hasProperty(principal: Principal, property: DiracProperty): boolean {
  return principal.properties.has(property);
}
