import { beforeAll, describe, expect, it } from '@jest/globals';
import { forEachDatabase, T0 } from '../testing/index.js';
import { AgentLeaseRepository } from './agent-lease.repository.js';

const TTL = 60_000;

describe(AgentLeaseRepository.name, () => {
  forEachDatabase((_kind, getDataSource, getDatabase) => {
    let sut: AgentLeaseRepository;
    beforeAll(() => {
      sut = new AgentLeaseRepository(getDataSource());
    });

    it('gives a free lease to the first holder and refuses it to another until it expires', async () => {
      expect(await sut.acquire('stalled-jobs-1', 'replica-a', T0, TTL)).toBe(true);
      expect(await sut.acquire('stalled-jobs-1', 'replica-b', T0 + 1_000, TTL)).toBe(false);
      expect(await sut.find('stalled-jobs-1')).toEqual({ name: 'stalled-jobs-1', holder: 'replica-a', expiresAt: T0 + TTL });

      expect(await sut.acquire('stalled-jobs-1', 'replica-b', T0 + TTL, TTL)).toBe(true);
      expect(await sut.find('stalled-jobs-1')).toMatchObject({ holder: 'replica-b', expiresAt: T0 + 2 * TTL });
    });

    it('lets the holder renew its lease, even within the same millisecond', async () => {
      expect(await sut.acquire('renewed', 'replica-a', T0, TTL)).toBe(true);
      expect(await sut.acquire('renewed', 'replica-a', T0, TTL)).toBe(true);
      expect(await sut.acquire('renewed', 'replica-a', T0 + 30_000, TTL)).toBe(true);
      expect(await sut.find('renewed')).toMatchObject({ holder: 'replica-a', expiresAt: T0 + 30_000 + TTL });
      expect(await sut.acquire('renewed', 'replica-b', T0 + TTL, TTL)).toBe(false);
    });

    it('frees a released lease at once, but only for its holder', async () => {
      await sut.acquire('released', 'replica-a', T0, TTL);
      expect(await sut.release('released', 'replica-b')).toBe(false);
      expect(await sut.acquire('released', 'replica-b', T0 + 1, TTL)).toBe(false);

      expect(await sut.release('released', 'replica-a')).toBe(true);
      expect(await sut.acquire('released', 'replica-b', T0 + 2, TTL)).toBe(true);
    });

    it('gives a contested free lease to exactly one of two replicas asking at once', async () => {
      const other = new AgentLeaseRepository(await getDatabase().openAnother());
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? sut : other).acquire('contested', `replica-${i}`, T0, TTL)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
});
