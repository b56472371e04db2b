import { describe, expect, it } from '@jest/globals';
import { AuthErrorCode, AuthException } from '../errors/auth.exception.js';
import { DiracProperty } from '../properties/dirac-property.js';
import { caught } from '../testing/caught.js';
import { parseAuthConfig } from './auth-config.js';
import { resolveMembership } from './user-membership.js';

const config = parseAuthConfig({
  vo: 'km3net',
  groups: [
    { name: 'km3net_user', properties: ['NormalUser'] },
    { name: 'km3net_admin', properties: ['NormalUser', 'JobAdministrator'] },
  ],
  users: [
    { name: 'alice', groups: ['km3net_user'] },
    { name: 'bob', groups: ['km3net_admin', 'km3net_user'] },
  ],
});

describe(resolveMembership.name, () => {
  it("uses the user's first group when none is asked for", () => {
    expect(resolveMembership(config, 'bob')).toEqual({
      user: 'bob',
      group: 'km3net_admin',
      vo: 'km3net',
      properties: [DiracProperty.NormalUser, DiracProperty.JobAdministrator],
    });
  });

  it('gives the properties of the group asked for', () => {
    expect(resolveMembership(config, 'bob', 'km3net_user').properties).toEqual([DiracProperty.NormalUser]);
  });

  it('refuses a group the user is not in, naming theirs', async () => {
    const error = await caught(() => resolveMembership(config, 'alice', 'km3net_admin'));
    expect(error).toBeInstanceOf(AuthException);
    expect(error).toMatchObject({
      code: AuthErrorCode.Forbidden,
      message: 'user alice is not in group "km3net_admin": use one of km3net_user or add them to it in the configuration',
    });
  });

  it('refuses an unknown user', async () => {
    expect(await caught(() => resolveMembership(config, 'mallory'))).toMatchObject({
      code: AuthErrorCode.Forbidden,
      message: 'there is no user "mallory": add them under users in the configuration',
    });
  });
});
