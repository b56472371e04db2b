import { describe, expect, it } from '@jest/globals';
import type { PilotRecord, PilotRepository } from '@majorana/db';
import { FakeComputingElement } from '../testing/fake-computing-element.js';
import type { LocalCeHost } from './local-ce-host.js';
import { LocalPilotStatusAgent } from './local-pilot-status.agent.js';

const NOW = 1_764_000_000_000;

function newAgent(openRefs: string[]) {
  const ce = new FakeComputingElement();
  const ended: [string, string, string, number][] = [];
  const pilots = {
    list: () => Promise.resolve(openRefs.map((pilotRef) => ({ pilotRef }) as PilotRecord)),
    ended: (ref: string, status: string, reason: string, time: number) => {
      ended.push([ref, status, reason, time]);
      return Promise.resolve(true);
    },
  } as unknown as PilotRepository;
  const sut = new LocalPilotStatusAgent({ ce } as unknown as LocalCeHost, pilots, { now: () => NOW });
  return { sut, ce, ended };
}

describe(LocalPilotStatusAgent.name, () => {
  it('ends in the pilots table the pilots the CE reports ended, with their final status', async () => {
    const { sut, ce, ended } = newAgent(['local://local/a', 'local://local/b', 'local://local/c', 'local://local/d']);
    ce.statuses.set('local://local/a', 'Done');
    ce.statuses.set('local://local/b', 'Failed');
    ce.statuses.set('local://local/c', 'Running');
    ce.statuses.set('local://local/d', 'Aborted');

    expect(await sut.runOnce()).toEqual(['local://local/a', 'local://local/b', 'local://local/d']);
    expect(ended).toEqual([
      ['local://local/a', 'Done', 'the local CE reports it Done', NOW],
      ['local://local/b', 'Failed', 'the local CE reports it Failed', NOW],
      ['local://local/d', 'Aborted', 'the local CE reports it Aborted', NOW],
    ]);
  });

  it('leaves pilots the CE cannot tell about, and never asks about refs another CE issued', async () => {
    const { sut, ce, ended } = newAgent(['local://local/unknown', 'slurm://local/42', 'some-uuid']);
    const asked: string[][] = [];
    const statuses = ce.pilotStatuses.bind(ce);
    ce.pilotStatuses = (refs) => {
      asked.push([...refs]);
      return statuses(refs);
    };

    expect(await sut.runOnce()).toEqual([]);
    expect(asked).toEqual([['local://local/unknown']]);
    expect(ended).toEqual([]);
  });
});
