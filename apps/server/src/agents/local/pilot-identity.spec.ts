import { describe, expect, it } from '@jest/globals';
import { DiracProperty, parseAuthConfig } from '@majorana/auth';
import { DEFAULT_AUTH_CONFIG } from '../../identity/default-auth-config.js';
import { pilotIdentity } from './pilot-identity.js';

describe(pilotIdentity.name, () => {
  it('is the dedicated pilot user of the default configuration, in the pilot group', () => {
    expect(pilotIdentity(parseAuthConfig(DEFAULT_AUTH_CONFIG))).toEqual({ user: 'pilot', group: 'pilot' });
  });

  it('falls back to the first user of a group with the Pilot property', () => {
    const config = parseAuthConfig({
      vo: 'km3net',
      groups: [
        { name: 'km3net_admin', properties: [DiracProperty.ServiceAdministrator, DiracProperty.NormalUser], share: 1 },
        { name: 'km3net_pilot', properties: [DiracProperty.Pilot], share: 1 },
      ],
      users: [
        { name: 'root', groups: ['km3net_admin'] },
        { name: 'glidein', groups: ['km3net_admin', 'km3net_pilot'] },
      ],
    });
    expect(pilotIdentity(config)).toEqual({ user: 'glidein', group: 'km3net_pilot' });
  });

  it('is null when no user may act as a pilot', () => {
    const config = parseAuthConfig({
      vo: 'km3net',
      groups: [{ name: 'admin', properties: [DiracProperty.ServiceAdministrator], share: 1 }],
      users: [{ name: 'root', groups: ['admin'] }],
    });
    expect(pilotIdentity(config)).toBeNull();
  });
});
