import { describe, expect, it } from '@jest/globals';
import { AuthErrorCode, AuthException } from '../errors/auth.exception.js';
import { type Principal } from '../principal/principal.js';
import { caught } from '../testing/caught.js';
import { principalWith } from '../testing/principal.fixture.js';
import { type AuthStrategy } from './auth-strategy.js';
import { StrategyChain } from './strategy-chain.js';

function strategy(name: string, outcome: Principal | null | AuthException, calls: string[]): AuthStrategy {
  return {
    name,
    authenticate: () => {
      calls.push(name);
      return outcome instanceof AuthException ? Promise.reject(outcome) : Promise.resolve(outcome);
    },
  };
}

describe(StrategyChain.name, () => {
  const request = { headers: {} };

  it('returns the first principal and asks no further', async () => {
    const calls: string[] = [];
    const bob = principalWith([], { user: 'bob' });
    const sut = new StrategyChain([strategy('x509', null, calls), strategy('bearer', bob, calls), strategy('never', null, calls)]);
    await expect(sut.authenticate(request)).resolves.toBe(bob);
    expect(calls).toEqual(['x509', 'bearer']);
  });

  it('stops at a strategy that refuses', async () => {
    const calls: string[] = [];
    const refused = new AuthException(AuthErrorCode.Expired, 'expired');
    const sut = new StrategyChain([strategy('bearer', refused, calls), strategy('x509', principalWith([]), calls)]);
    await expect(sut.authenticate(request)).rejects.toBe(refused);
    expect(calls).toEqual(['bearer']);
  });

  it('refuses a request that no strategy recognises as MissingToken', async () => {
    const sut = new StrategyChain([strategy('bearer', null, []), strategy('x509', null, [])]);
    const error = await caught(sut.authenticate(request));
    expect(error).toBeInstanceOf(AuthException);
    expect(error).toMatchObject({
      code: AuthErrorCode.MissingToken,
      message:
        'no credentials were sent (accepted: bearer, x509): send `Authorization: Bearer <token>` with a token from `majorana admin user token NAME`',
    });
  });

  it('refuses everything when no strategy is configured', async () => {
    await expect(new StrategyChain([]).authenticate(request)).rejects.toMatchObject({ code: AuthErrorCode.MissingToken });
  });
});
