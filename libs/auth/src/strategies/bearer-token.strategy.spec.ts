import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { AuthErrorCode, AuthException } from '../errors/auth.exception.js';
import { DiracProperty } from '../properties/dirac-property.js';
import { caught } from '../testing/caught.js';
import { FixedClock } from '../testing/fixed-clock.js';
import { InMemoryTokenRevocationStore } from '../testing/in-memory-token-revocation-store.js';
import { TokenService } from '../tokens/token-service.js';
import { BearerTokenStrategy } from './bearer-token.strategy.js';

const NOW = Date.UTC(2025, 10, 25, 12, 0, 0);
const tokens = new TokenService({ secret: randomBytes(32), revocations: new InMemoryTokenRevocationStore() });

describe(BearerTokenStrategy.name, () => {
  let token: string;

  beforeAll(async () => {
    ({ token } = await tokens.issue({
      user: 'alice',
      group: 'km3net_user',
      vo: 'km3net',
      properties: [DiracProperty.NormalUser],
      now: NOW,
    }));
  });

  function sut(clock = new FixedClock(NOW)): BearerTokenStrategy {
    return new BearerTokenStrategy(tokens, clock);
  }

  async function refusal(authorization: string | string[], code: AuthErrorCode): Promise<void> {
    const error = await caught(sut().authenticate({ headers: { authorization } }));
    expect(error).toBeInstanceOf(AuthException);
    expect(error).toMatchObject({ code });
  }

  it('is named bearer', () => {
    expect(sut().name).toBe('bearer');
  });

  it('returns the principal of a valid bearer token', async () => {
    await expect(sut().authenticate({ headers: { authorization: `Bearer ${token}` } })).resolves.toMatchObject({
      user: 'alice',
      group: 'km3net_user',
    });
  });

  it('accepts the scheme in any case', async () => {
    await expect(sut().authenticate({ headers: { authorization: `bearer ${token}` } })).resolves.toMatchObject({ user: 'alice' });
  });

  it('leaves a request without an Authorization header to the next strategy', async () => {
    await expect(sut().authenticate({ headers: { host: 'majorana' } })).resolves.toBeNull();
  });

  it('leaves another scheme to the next strategy', async () => {
    await expect(sut().authenticate({ headers: { authorization: 'Basic YWxpY2U6c2VjcmV0' } })).resolves.toBeNull();
  });

  it.each(['Bearer', 'Bearer ', 'Bearer a b', 'Bearer "abc"', 'Bearer\ttoken'])(
    'refuses the malformed header %p',
    async (authorization) => {
      await refusal(authorization, AuthErrorCode.MalformedToken);
    },
  );

  it('refuses two Authorization headers', async () => {
    await refusal([`Bearer ${token}`, `Bearer ${token}`], AuthErrorCode.MalformedToken);
  });

  it('refuses a bad token rather than passing it to the next strategy', async () => {
    await refusal(`Bearer ${token.slice(0, -4)}AAAA`, AuthErrorCode.BadSignature);
  });

  it('checks expiry against the injected clock', async () => {
    const clock = new FixedClock(NOW);
    clock.advanceSeconds(7 * 24 * 3600);
    const error = await caught(sut(clock).authenticate({ headers: { authorization: `Bearer ${token}` } }));
    expect(error).toMatchObject({ code: AuthErrorCode.Expired });
  });
});
