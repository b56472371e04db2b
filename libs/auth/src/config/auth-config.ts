import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { type DiracProperty } from '../properties/dirac-property.js';
import { AuthConfigDto } from './auth-config.dto.js';
import { AuthConfigErrorCode, AuthConfigException, type AuthConfigProblem } from './auth-config.exception.js';
import { crossCheckAuthConfig } from './cross-check-auth-config.js';
import { validationProblems } from './validation-problems.js';

/** DIRAC's default `JobShare` of a group (Registry/Groups/<group>/JobShare). */
export const DEFAULT_GROUP_SHARE = 1000;

/** A DIRAC group: what its members may do and how much of the grid they get. */
export interface GroupConfig {
  readonly name: string;
  readonly properties: readonly DiracProperty[];
  /** The group's fair share, relative to the other groups. @default 1000 */
  readonly share: number;
}

export interface UserConfig {
  readonly name: string;
  /** The groups the user may act in; the first is the default when a token is asked without one. */
  readonly groups: readonly string[];
}

/** The users/groups part of the server configuration, validated and with defaults filled. */
export interface AuthConfig {
  /** The virtual organisation every token of this server belongs to. */
  readonly vo: string;
  readonly groups: readonly GroupConfig[];
  readonly users: readonly UserConfig[];
}

/**
 * Validates the users/groups configuration (a plain JSON value, e.g. read from the server's config
 * file) and fills defaults. Throws an AuthConfigException listing every problem with its path, so a
 * bad file stops start-up with one message that says where to look.
 */
export function parseAuthConfig(json: unknown): AuthConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw AuthConfigException.of([
      { code: AuthConfigErrorCode.InvalidValue, path: '', message: 'the auth configuration must be an object { vo, groups, users }' },
    ]);
  }
  const dto = plainToInstance(AuthConfigDto, json);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, stopAtFirstError: true });
  throwIfAny(validationProblems(errors));

  const config: AuthConfig = {
    vo: dto.vo,
    groups: dto.groups.map((group) => ({ name: group.name, properties: [...group.properties], share: group.share ?? DEFAULT_GROUP_SHARE })),
    users: dto.users.map((user) => ({ name: user.name, groups: [...user.groups] })),
  };
  throwIfAny(crossCheckAuthConfig(config));
  return config;
}

function throwIfAny(problems: readonly AuthConfigProblem[]): void {
  const [first, ...rest] = problems;
  if (first !== undefined) {
    throw AuthConfigException.of([first, ...rest]);
  }
}
