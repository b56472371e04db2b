import { beforeAll, describe, expect, it } from '@jest/globals';
import { forEachDatabase, T0 } from '../testing/index.js';
import { ComputingElementRepository } from './computing-element.repository.js';

const declaration = (maxPilots: number): string => JSON.stringify({ name: 'hpc01', type: 'slurm', limits: { maxPilots } });

describe(ComputingElementRepository.name, () => {
  forEachDatabase((_kind, getDataSource) => {
    let sut: ComputingElementRepository;
    beforeAll(() => {
      sut = new ComputingElementRepository(getDataSource());
    });

    it('creates, replaces and lists declarations by name', async () => {
      await sut.upsert({ name: 'hpc01', declaration: declaration(10), source: 'config', updatedAt: T0 });
      await sut.upsert({ name: 'a-local', declaration: '{}', source: 'api', updatedAt: T0 });
      await sut.upsert({ name: 'hpc01', declaration: declaration(20), source: 'api', updatedAt: T0 + 1 });
      expect(await sut.list()).toEqual([
        { name: 'a-local', declaration: '{}', source: 'api', updatedAt: T0 },
        { name: 'hpc01', declaration: declaration(20), source: 'api', updatedAt: T0 + 1 },
      ]);
    });

    it('removes a declaration once', async () => {
      await sut.upsert({ name: 'gone', declaration: '{}', source: 'api', updatedAt: T0 });
      expect(await sut.remove('gone')).toBe(true);
      expect(await sut.remove('gone')).toBe(false);
      expect(await sut.find('gone')).toBeNull();
    });

    it('refuses a name longer than the column', async () => {
      await expect(sut.upsert({ name: 'x'.repeat(129), declaration: '{}', source: 'api', updatedAt: T0 })).rejects.toThrow();
    });
  });
});
