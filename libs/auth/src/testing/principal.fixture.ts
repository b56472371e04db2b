import { type Principal } from '../principal/principal.js';
import { type DiracProperty } from '../properties/dirac-property.js';

/** A Principal for tests of the access rules: alice in km3net_user with the given properties. */
export function principalWith(properties: DiracProperty[], overrides: Partial<Omit<Principal, 'properties'>> = {}): Principal {
  return {
    user: 'alice',
    group: 'km3net_user',
    vo: 'km3net',
    properties: new Set(properties),
    jti: 'test-jti',
    expiresAt: new Date('2030-01-01T00:00:00Z'),
    ...overrides,
  };
}
