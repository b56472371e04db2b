import { describe, expect, it } from '@jest/globals';
import type { IssuedTokenRepository } from '@majorana/db';
import { Clock } from '../common/clock.js';
import { RevokedTokenCache } from './revoked-token-cache.js';

class SetClock extends Clock {
  time = 1_000_000;
  override now(): number {
    return this.time;
  }
}

/** The repository's one read, over a list the test changes as "other replicas" revoke tokens. */
function issuedTokens(revoked: string[]) {
  const loads: number[] = [];
  const repository = {
    revokedUnexpired: (now: number) => {
      loads.push(now);
      return Promise.resolve([...revoked]);
    },
  } as unknown as IssuedTokenRepository;
  return { repository, loads };
}

describe(RevokedTokenCache.name, () => {
  it('reads the revocation list once per second, not once per request', async () => {
    const clock = new SetClock();
    const { repository, loads } = issuedTokens(['gone']);
    const sut = new RevokedTokenCache(repository, clock);

    expect(await Promise.all([sut.isRevoked('gone'), sut.isRevoked('live'), sut.isRevoked('gone')])).toEqual([true, false, true]);
    clock.time += RevokedTokenCache.TTL_MS;
    expect(await sut.isRevoked('live')).toBe(false);
    expect(loads).toHaveLength(1);
  });

  it('sees a revocation made on another replica within the second', async () => {
    const clock = new SetClock();
    const revoked: string[] = [];
    const sut = new RevokedTokenCache(issuedTokens(revoked).repository, clock);
    expect(await sut.isRevoked('t1')).toBe(false);

    revoked.push('t1');
    clock.time += RevokedTokenCache.TTL_MS + 1;

    expect(await sut.isRevoked('t1')).toBe(true);
  });

  it('refuses a token revoked on this replica at once, even before the database list is read again', async () => {
    const clock = new SetClock();
    const sut = new RevokedTokenCache(issuedTokens([]).repository, clock);
    expect(await sut.isRevoked('t2')).toBe(false);

    sut.noteRevoked('t2');

    expect(await sut.isRevoked('t2')).toBe(true);
    clock.time += 10 * RevokedTokenCache.TTL_MS; // a reload that does not list it yet must not forget it
    expect(await sut.isRevoked('t2')).toBe(true);
  });

  it('tries the database again after a failed read instead of caching the failure', async () => {
    const clock = new SetClock();
    let fail = true;
    const repository = {
      revokedUnexpired: () => (fail ? Promise.reject(new Error('database gone')) : Promise.resolve(['t3'])),
    } as unknown as IssuedTokenRepository;
    const sut = new RevokedTokenCache(repository, clock);

    await expect(sut.isRevoked('t3')).rejects.toThrow('database gone');
    fail = false;
    expect(await sut.isRevoked('t3')).toBe(true);
  });
});
