import { beforeAll, describe, expect, it } from '@jest/globals';
import { forEachDatabase, T0 } from '../testing/index.js';
import { SiteMaskRepository } from './site-mask.repository.js';

describe(SiteMaskRepository.name, () => {
  forEachDatabase((_kind, getDataSource) => {
    let sut: SiteMaskRepository;
    beforeAll(() => {
      sut = new SiteMaskRepository(getDataSource());
    });

    it('bans and re-activates sites, keeping the latest reason and author', async () => {
      await sut.setStatus('LCG.CERN.ch', 'Banned', 'downtime', 'admin', T0);
      await sut.setStatus('LCG.IN2P3.fr', 'Banned', 'storage full', 'admin', T0 + 1);
      await sut.setStatus('LCG.CERN.ch', 'Active', 'back', 'shifter', T0 + 2);

      expect(await sut.list()).toEqual([
        { site: 'LCG.CERN.ch', status: 'Active', reason: 'back', changedBy: 'shifter', changedAt: T0 + 2 },
        { site: 'LCG.IN2P3.fr', status: 'Banned', reason: 'storage full', changedBy: 'admin', changedAt: T0 + 1 },
      ]);
      expect(await sut.bannedSites()).toEqual(new Set(['LCG.IN2P3.fr']));
    });

    it('refuses a status other than Active or Banned', async () => {
      await expect(sut.setStatus('X', 'Probing' as never, '', 'admin', T0)).rejects.toThrow('Active or Banned');
    });
  });
});
