import { describe, expect, it } from '@jest/globals';
import type { PilotStatus } from '@majorana/db';
import type { TaskQueueDefinition } from '@majorana/domain';
import type { ServerConfig } from '../../config/server-config.js';
import type { TaskQueueCache } from '../../task-queues/task-queue-cache.js';
import { CeRegistry } from '../ce-registry/ce-registry.js';
import type { CeDeclaration } from '../computing-elements/ce-declaration.js';
import type { CeDeclarationsService } from '../computing-elements/ce-declarations.service.js';
import { CeFleet } from '../computing-elements/ce-fleet.js';
import type { AgentLeases } from '../leases/agent-leases.service.js';
import { ceDeclaration } from '../testing/ce-declaration.fixture.js';
import { FakeComputingElement } from '../testing/fake-computing-element.js';
import { taskQueueDefinition } from '../testing/task-queue-definition.fixture.js';
import type { PilotCredentials } from './pilot-credentials.js';
import { SiteDirectorAgent } from './site-director.agent.js';

/** The pilots table as the site director reads and writes it. */
class FakePilots {
  readonly rows = new Map<string, { ce: string; status: PilotStatus }>();
  countOpenByStatus(ce: string): Promise<Map<PilotStatus, number>> {
    const counts = new Map<PilotStatus, number>();
    for (const row of this.rows.values()) {
      if (row.ce === ce && !['Done', 'Failed', 'Aborted', 'Deleted'].includes(row.status)) {
        counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
      }
    }
    return Promise.resolve(counts);
  }
  recordSubmitted(pilots: readonly { pilotRef: string; ce: string }[]): Promise<void> {
    pilots.forEach((pilot) => this.rows.set(pilot.pilotRef, { ce: pilot.ce, status: 'Submitted' }));
    return Promise.resolve();
  }
}

interface Setup {
  readonly declaration?: CeDeclaration;
  readonly queue?: TaskQueueDefinition;
  readonly waitingJobs?: number;
  readonly holdsLease?: boolean;
}

function newSut(setup: Setup = {}) {
  const declaration =
    setup.declaration ?? ceDeclaration({ pilot: { slots: 1, maxTimeS: 86_400 }, queue: { ...ceDeclaration().queue, cores: 1 } });
  const ce = new FakeComputingElement(declaration.name, declaration.site, declaration.limits.maxPilots, declaration.pilot.slots);
  const pilots = new FakePilots();
  const issued: { ce: string; maxTimeS: number }[] = [];
  const declarations = { list: () => Promise.resolve([{ declaration, source: 'config' as const, updatedAt: 0 }]) };
  const taskQueues = {
    current: () =>
      Promise.resolve({
        queues: [{ id: 7, owner: 'alice', ownerGroup: 'user', priority: 1, definition: setup.queue ?? taskQueueDefinition() }],
        bannedSites: new Set<string>(),
      }),
  };
  const waitingJobs = {
    countInQueues: (ids: readonly number[], cap: number) => Promise.resolve(ids.includes(7) ? Math.min(setup.waitingJobs ?? 100, cap) : 0),
  };
  const credentials = {
    issue: (name: string, maxTimeS: number) => {
      issued.push({ ce: name, maxTimeS });
      return Promise.resolve({ token: `token-of-${name}`, expiresAt: new Date(0) });
    },
  };
  const leases = { hold: () => Promise.resolve(setup.holdsLease ?? true) };
  const sut = new SiteDirectorAgent(
    declarations as unknown as CeDeclarationsService,
    new CeFleet(new CeRegistry(), () => Promise.resolve(ce)),
    taskQueues as unknown as TaskQueueCache,
    waitingJobs as never,
    pilots as never,
    credentials as unknown as PilotCredentials,
    leases as unknown as AgentLeases,
    { siteDirectorIntervalS: 2 } as ServerConfig,
    { nodePath: '/usr/bin/node', pilotScript: '/opt/majorana/pilot.js' },
  );
  return { sut, ce, pilots, issued };
}

async function cycles(sut: SiteDirectorAgent, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await sut.runOnce('http://majorana.example.org:8440');
  }
}

describe(SiteDirectorAgent.name, () => {
  it('keeps at most MaxPilotsWaiting = 5 pilots waiting with 100 matchable jobs, cycle after cycle', async () => {
    const { sut, ce, pilots } = newSut({ waitingJobs: 100 });
    await cycles(sut, 5);
    expect(ce.submissions.map((submission) => submission.count)).toEqual([5]);
    expect([...pilots.rows.values()].filter((row) => row.status === 'Submitted')).toHaveLength(5);
  });

  it('submits again once waiting pilots have started, still never above 5 waiting', async () => {
    const { sut, ce, pilots } = newSut({ waitingJobs: 100 });
    await cycles(sut, 1);
    [...pilots.rows.values()].slice(0, 3).forEach((row) => (row.status = 'Running'));
    await cycles(sut, 2);
    expect(ce.submissions.map((submission) => submission.count)).toEqual([5, 3]);
  });

  it('gives each submission a credential for this CE and its max time, in the environment, and --ce NAME', async () => {
    const { sut, ce, issued } = newSut({ waitingJobs: 1 });
    await cycles(sut, 1);
    expect(issued).toEqual([{ ce: 'hpc.example.org', maxTimeS: 86_400 }]);
    const launch = ce.submissions[0]?.pilotCommand;
    expect(launch?.env).toEqual({ MAJORANA_PILOT_TOKEN: 'token-of-hpc.example.org' });
    expect(launch?.args.join(' ')).toContain('--ce hpc.example.org');
    expect(launch?.args.join(' ')).toContain('--max-time 86400 --cpu-normalization 10');
    expect(launch?.args.join(' ')).not.toContain('token-of');
  });

  it('submits no pilot over 3 cycles when no job waits', async () => {
    const { sut, ce } = newSut({ waitingJobs: 0 });
    await cycles(sut, 3);
    expect(ce.submissions).toEqual([]);
  });

  it('submits no pilot for work beyond the queue CPU limit or for another platform', async () => {
    for (const queue of [taskQueueDefinition({ cpuTime: 86_400 * 10 + 1 }), taskQueueDefinition({ platforms: ['EL9-aarch64'] })]) {
      const { sut, ce } = newSut({ queue });
      await cycles(sut, 3);
      expect(ce.submissions).toEqual([]);
    }
  });

  it('leaves the CE alone while another agents process holds its lease', async () => {
    const { sut, ce } = newSut({ holdsLease: false });
    expect(await sut.runOnce('http://x')).toEqual([{ ce: 'hpc.example.org', outcome: 'not-holder' }]);
    expect(ce.submissions).toEqual([]);
  });
});
