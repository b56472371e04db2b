/**
 * The DIRAC security properties Majorana understands. A group grants properties; a token carries its
 * group's properties in `dirac_properties`, spelled exactly as DIRAC and DiracX spell them, so that
 * tokens and configurations read the same in both worlds.
 */
export enum DiracProperty {
  /** Submits jobs and acts on its own jobs. */
  NormalUser = 'NormalUser',
  /** Sees and acts on every job of the VO. */
  JobAdministrator = 'JobAdministrator',
  /** Sees and acts on the jobs of the whole group it belongs to. */
  JobSharing = 'JobSharing',
  /** A pilot: asks for work and reports on the jobs matched to it, nothing else. */
  Pilot = 'Pilot',
  /** Manages the site mask and the computing elements of sites. */
  SiteManager = 'SiteManager',
  /** Administers the service itself: users, groups, tokens. Grants no rights on jobs by itself. */
  ServiceAdministrator = 'ServiceAdministrator',
}

/** Every property, in declaration order (used in error messages that list the choices). */
export const DIRAC_PROPERTIES: readonly DiracProperty[] = Object.values(DiracProperty);

const KNOWN = new Set<string>(DIRAC_PROPERTIES);

export function isDiracProperty(value: unknown): value is DiracProperty {
  return typeof value === 'string' && KNOWN.has(value);
}
