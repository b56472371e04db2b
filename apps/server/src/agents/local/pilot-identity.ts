import { DiracProperty, type AuthConfig } from '@majorana/auth';

/** Who the Local CE's pilots authenticate as. */
export interface PilotIdentity {
  readonly user: string;
  readonly group: string;
}

/** The user the default configuration makes for the Local CE's pilots (default-auth-config.ts). */
export const PILOT_USER = 'pilot';

/**
 * The identity of the Local pilots' token: the user `pilot` in a group with the Pilot property (the
 * default configuration has one), else the first user of such a group. A token with only the Pilot
 * property can ask for work and report on its own jobs, nothing else: user jobs run beside the file.
 * Null when the configuration has no such user.
 */
export function pilotIdentity(config: AuthConfig): PilotIdentity | null {
  const pilotGroups = new Set(config.groups.filter((group) => group.properties.includes(DiracProperty.Pilot)).map((group) => group.name));
  const candidates = [...config.users].sort((a, b) => Number(b.name === PILOT_USER) - Number(a.name === PILOT_USER));
  for (const user of candidates) {
    const group = user.groups.find((name) => pilotGroups.has(name));
    if (group !== undefined) {
      return { user: user.name, group };
    }
  }
  return null;
}
