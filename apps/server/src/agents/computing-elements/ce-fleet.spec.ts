import { describe, expect, it } from '@jest/globals';
import { CeRegistry } from '../ce-registry/ce-registry.js';
import { ceDeclaration } from '../testing/ce-declaration.fixture.js';
import { FakeComputingElement } from '../testing/fake-computing-element.js';
import { CeFleet } from './ce-fleet.js';

describe(CeFleet.name, () => {
  it('opens a new CE once when two agents sync at the same time', async () => {
    const opened: FakeComputingElement[] = [];
    const registry = new CeRegistry();
    const sut = new CeFleet(registry, async (declaration) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const ce = new FakeComputingElement(declaration.name);
      opened.push(ce);
      return ce;
    });
    const [a, b] = await Promise.all([sut.sync([ceDeclaration()]), sut.sync([ceDeclaration()])]);
    expect(opened).toHaveLength(1);
    expect(a.map((entry) => entry.ce)).toEqual(b.map((entry) => entry.ce));
    expect(registry.names).toEqual(['hpc.example.org']);
  });

  it('reopens a CE whose declaration changed and closes one no longer declared', async () => {
    const opened: FakeComputingElement[] = [];
    const sut = new CeFleet(new CeRegistry(), (declaration) => {
      const ce = new FakeComputingElement(declaration.name);
      opened.push(ce);
      return Promise.resolve(ce);
    });
    await sut.sync([ceDeclaration()]);
    await sut.sync([ceDeclaration({ site: 'LCG.Other.org' })]);
    expect(opened.map((ce) => ce.closed)).toEqual([true, false]);
    expect(await sut.sync([])).toEqual([]);
    expect(opened[1]?.closed).toBe(true);
  });
});
