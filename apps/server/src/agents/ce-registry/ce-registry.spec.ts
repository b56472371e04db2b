import { describe, expect, it } from '@jest/globals';
import type { ComputingElement } from '@majorana/ce';
import { CeRegistry } from './ce-registry.js';

const ce = (name: string, kind: ComputingElement['kind'] = 'local'): ComputingElement =>
  ({ name, kind, site: 'Local.localhost' }) as ComputingElement;

describe(CeRegistry.name, () => {
  it('finds the CE that issued a pilot ref by the name and kind in the ref', () => {
    const sut = new CeRegistry();
    const local = ce('local');
    sut.register(local);

    expect(sut.ownerOf('local://local/3f1c')).toBe(local);
    expect(sut.ownerOf('slurm://local/42')).toBeUndefined();
    expect(sut.ownerOf('local://other/3f1c')).toBeUndefined();
    expect(sut.ownerOf('not a ref')).toBeUndefined();
  });

  it('forgets a CE once it is removed, and refuses two CEs of one name', () => {
    const sut = new CeRegistry();
    const remove = sut.register(ce('local'));
    expect(() => sut.register(ce('local'))).toThrow('already registered');

    remove();

    expect(sut.ownerOf('local://local/3f1c')).toBeUndefined();
    expect(sut.names).toEqual([]);
  });
});
