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
}

export function hasProperty(principal: Principal, property: DiracProperty): boolean {
  return principal.properties.has(property);
}
