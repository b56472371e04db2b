import { AuthErrorCode, AuthException } from '../errors/auth.exception.js';
import { type DiracProperty } from '../properties/dirac-property.js';
import { type AuthConfig } from './auth-config.js';

/** A user acting in one of their groups: what a token is issued for. */
export interface Membership {
  readonly user: string;
  readonly group: string;
  readonly vo: string;
  readonly properties: readonly DiracProperty[];
}

/**
 * Finds what `user` may do in `group` (by default their first group, as DIRAC's DefaultGroup), e.g.
 * for `majorana admin user token NAME [--group G]`. Refuses users and groups the configuration does not
 * grant, so no token is ever issued for a membership that does not exist.
 */
export function resolveMembership(config: AuthConfig, user: string, group?: string): Membership {
  const entry = config.users.find((candidate) => candidate.name === user);
  if (entry === undefined) {
    throw new AuthException(AuthErrorCode.Forbidden, `there is no user ${JSON.stringify(user)}: add them under users in the configuration`);
  }
  const groupName = group ?? entry.groups[0];
  if (groupName === undefined || !entry.groups.includes(groupName)) {
    throw new AuthException(
      AuthErrorCode.Forbidden,
      `user ${user} is not in group ${JSON.stringify(groupName)}: use one of ${entry.groups.join(', ')} or add them to it in the configuration`,
    );
  }
  const groupConfig = config.groups.find((candidate) => candidate.name === groupName);
  if (groupConfig === undefined) {
    // parseAuthConfig refuses such a configuration; this guards hand-built ones.
    throw new AuthException(AuthErrorCode.Forbidden, `group ${groupName} is not defined: define it under groups in the configuration`);
  }
  return { user, group: groupName, vo: config.vo, properties: groupConfig.properties };
}
