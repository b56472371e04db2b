import { describe, expect, it } from '@jest/globals';
import { DiracProperty } from '../properties/dirac-property.js';
import { caught } from '../testing/caught.js';
import { DEFAULT_GROUP_SHARE, parseAuthConfig } from './auth-config.js';
import { AuthConfigErrorCode, AuthConfigException } from './auth-config.exception.js';

const ALL = 'NormalUser, JobAdministrator, JobSharing, Pilot, SiteManager, ServiceAdministrator';

function valid(): { vo: string; groups: Record<string, unknown>[]; users: Record<string, unknown>[] } {
  return {
    vo: 'km3net',
    groups: [
      { name: 'km3net_user', properties: ['NormalUser'] },
      { name: 'km3net_admin', properties: ['NormalUser', 'JobAdministrator', 'ServiceAdministrator'], share: 50 },
    ],
    users: [
      { name: 'alice', groups: ['km3net_user'] },
      { name: 'bob.smith@cnrs', groups: ['km3net_admin', 'km3net_user'] },
    ],
  };
}

async function refusal(json: unknown): Promise<AuthConfigException> {
  const error = await caught(() => parseAuthConfig(json));
  expect(error).toBeInstanceOf(AuthConfigException);
  return error as AuthConfigException;
}

describe(parseAuthConfig.name, () => {
  it('returns the configuration with the default share filled in', () => {
    expect(parseAuthConfig(valid())).toEqual({
      vo: 'km3net',
      groups: [
        { name: 'km3net_user', properties: [DiracProperty.NormalUser], share: DEFAULT_GROUP_SHARE },
        {
          name: 'km3net_admin',
          properties: [DiracProperty.NormalUser, DiracProperty.JobAdministrator, DiracProperty.ServiceAdministrator],
          share: 50,
        },
      ],
      users: [
        { name: 'alice', groups: ['km3net_user'] },
        { name: 'bob.smith@cnrs', groups: ['km3net_admin', 'km3net_user'] },
      ],
    });
    expect(DEFAULT_GROUP_SHARE).toBe(1000);
  });

  it('returns plain objects, not validation classes', () => {
    const config = parseAuthConfig(valid());
    expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(config.groups[0])).toBe(Object.prototype);
  });

  it('names the group and the element of a misspelt property, with the choices', async () => {
    const json = valid();
    json.groups[1] = { name: 'km3net_admin', properties: ['Jobadmin'] };
    const error = await refusal(json);
    expect(error.code).toBe(AuthConfigErrorCode.InvalidValue);
    expect(error.message).toBe(`groups[1].properties[0]: "Jobadmin" is not a property; use one of ${ALL}`);
  });

  it('points at the first bad element when a later one is wrong', async () => {
    const json = valid();
    json.groups[0] = { name: 'km3net_user', properties: ['NormalUser', 'Pilot', 42] };
    expect((await refusal(json)).message).toBe(`groups[0].properties[2]: 42 is not a property; use one of ${ALL}`);
  });

  it('refuses a user name with characters outside [A-Za-z0-9_.@-]', async () => {
    const json = valid();
    json.users[1] = { name: 'bob smith', groups: ['km3net_user'] };
    expect((await refusal(json)).message).toBe('users[1].name: "bob smith" is not a valid user name; use letters, digits and _ . @ -');
  });

  it('lists every shape problem at once, one per line, and in details', async () => {
    const error = await refusal({ vo: '', groups: [{ name: 'g', properties: 'NormalUser', share: 0 }, 'x'], users: {} });
    expect(error.message.split('\n')).toEqual([
      'vo: must name the virtual organisation with letters, digits and _ . @ -, got ""',
      'groups[0].properties: must be a list of properties such as ["NormalUser"], got "NormalUser"',
      "groups[0].share: must be a positive number (the group's fair share; default 1000), got 0",
      'groups[1]: must be an object { name, properties, share? }',
      'users: must be a list of users { name, groups }, got {}',
    ]);
    expect(error.details).toEqual({
      problems: expect.arrayContaining([{ code: AuthConfigErrorCode.InvalidValue, path: 'vo', message: expect.any(String) }]),
    });
  });

  it('says what is missing', async () => {
    expect((await refusal({ vo: 'km3net', groups: [] })).message).toBe('users: must be a list of users { name, groups }, got nothing');
  });

  it('refuses unknown keys so that a misspelt key is not silently ignored', async () => {
    const json = valid();
    json.groups[0] = { name: 'km3net_user', propertes: ['NormalUser'], properties: [] };
    expect((await refusal(json)).message).toBe('groups[0].propertes: unknown key: remove it or correct its spelling');
  });

  it('refuses a user without groups', async () => {
    const json = valid();
    json.users[0] = { name: 'alice', groups: [] };
    expect((await refusal(json)).message).toBe('users[0].groups: must name at least one group: a user without a group can do nothing');
  });

  it('refuses a user in a group that does not exist, naming the groups that do', async () => {
    const json = valid();
    json.users[1] = { name: 'bob', groups: ['km3net_user', 'km3net_prod'] };
    const error = await refusal(json);
    expect(error.code).toBe(AuthConfigErrorCode.UnknownGroup);
    expect(error.message).toBe(
      'users[1].groups[1]: no group "km3net_prod"; define it under groups or use one of km3net_user, km3net_admin',
    );
  });

  it('refuses two groups or two users with the same name', async () => {
    const json = valid();
    json.groups.push({ name: 'km3net_user', properties: [] });
    json.users.push({ name: 'alice', groups: ['km3net_admin'] });
    const error = await refusal(json);
    expect(error.code).toBe(AuthConfigErrorCode.DuplicateName);
    expect(error.message.split('\n')).toEqual([
      'groups[2].name: "km3net_user" is already the name of groups[0]; rename one or merge them',
      'users[2].name: "alice" is already the name of users[0]; rename one or merge them',
    ]);
  });

  it.each([null, [], 'vo: km3net', 7])('refuses %j as a whole', async (json) => {
    expect((await refusal(json)).message).toBe('the auth configuration must be an object { vo, groups, users }');
  });
});
