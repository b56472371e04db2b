import { AuthConfigErrorCode, type AuthConfigProblem } from './auth-config.exception.js';

/**
 * The rules that span entries, checked once every entry has the right shape: names are unique
 * (a token names its user and group, so two of either would be ambiguous) and users only name groups
 * that exist.
 */
export function crossCheckAuthConfig(config: {
  readonly groups: readonly { readonly name: string }[];
  readonly users: readonly { readonly name: string; readonly groups: readonly string[] }[];
}): AuthConfigProblem[] {
  const problems = [...duplicates('groups', config.groups), ...duplicates('users', config.users)];
  const groupNames = new Set(config.groups.map((group) => group.name));
  const known = config.groups.length === 0 ? 'none is defined' : `use one of ${[...groupNames].join(', ')}`;
  config.users.forEach((user, u) => {
    user.groups.forEach((group, g) => {
      if (!groupNames.has(group)) {
        problems.push({
          code: AuthConfigErrorCode.UnknownGroup,
          path: `users[${u}].groups[${g}]`,
          message: `no group ${JSON.stringify(group)}; define it under groups or ${known}`,
        });
      }
    });
  });
  return problems;
}

function duplicates(section: 'groups' | 'users', entries: readonly { readonly name: string }[]): AuthConfigProblem[] {
  const firstIndex = new Map<string, number>();
  const problems: AuthConfigProblem[] = [];
  entries.forEach((entry, index) => {
    const earlier = firstIndex.get(entry.name);
    if (earlier === undefined) {
      firstIndex.set(entry.name, index);
      return;
    }
    problems.push({
      code: AuthConfigErrorCode.DuplicateName,
      path: `${section}[${index}].name`,
      message: `${JSON.stringify(entry.name)} is already the name of ${section}[${earlier}]; rename one or merge them`,
    });
  });
  return problems;
}
