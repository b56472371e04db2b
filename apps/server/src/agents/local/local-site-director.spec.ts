import { describe, expect, it } from '@jest/globals';
import { CeErrorCode, CeException } from '@majorana/ce';
import type { PilotRecord, PilotRepository } from '@majorana/db';
import type { TaskQueueDefinition } from '@majorana/domain';
import { loadServerConfig } from '../../config/server-config.js';
import { PilotConnections } from '../../pilots/pilot-connections.js';
import type { TaskQueueCache, TaskQueueSnapshot } from '../../task-queues/task-queue-cache.js';
import { FakeComputingElement } from '../testing/fake-computing-element.js';
import type { LocalCeHost } from './local-ce-host.js';
import type { LocalMachine } from './local-machine.js';
import { LocalSiteDirector } from './local-site-director.js';
import { taskQueueDefinition } from '../testing/task-queue-definition.fixture.js';
import type { PilotTokenFile } from './pilot-token-file.js';

const NOW = 1_764_000_000_000;
const SERVER = 'http://127.0.0.1:8440';

const definition = taskQueueDefinition;

function newDirector(options: { queues?: TaskQueueDefinition[]; pilots?: Pick<PilotRecord, 'status' | 'submittedAt'>[] } = {}) {
  const ce = new FakeComputingElement('local', 'Local.localhost', 2, 4);
  const snapshot: TaskQueueSnapshot = {
    queues: (options.queues ?? []).map((queue, id) => ({
      id,
      owner: queue.owner,
      ownerGroup: queue.ownerGroup,
      definition: queue,
      priority: 1,
    })),
    bannedSites: new Set(),
  };
  const recorded: { pilotRef: string; ce: string; site: string; time: number }[] = [];
  const pilots = {
    list: () => Promise.resolve(options.pilots ?? []),
    recordSubmitted: (rows: typeof recorded) => {
      recorded.push(...rows);
      return Promise.resolve();
    },
  } as unknown as PilotRepository;
  const connections = new PilotConnections();
  const sut = new LocalSiteDirector(
    { ce } as unknown as LocalCeHost,
    { nodePath: '/usr/bin/node', pilotScript: '/opt/majorana/pilot/dist/pilot.js' },
    { current: () => Promise.resolve(snapshot) } as unknown as TaskQueueCache,
    connections,
    pilots,
    { ensure: () => Promise.resolve('/home/me/.majorana/pilot.token') } as unknown as PilotTokenFile,
    { describe: () => ({ memoryMiB: 8192, platform: 'Linux_x86_64_glibc-2.36', cores: 4 }) } as LocalMachine,
    loadServerConfig({ MAJORANA_HOME: '/home/me/.majorana', MAJORANA_LOCAL_PILOT_IDLE_S: '30' }),
    { now: () => NOW },
  );
  return { sut, ce, recorded, connections };
}

describe(LocalSiteDirector.name, () => {
  it('starts one pilot for waiting work, pointing it at this server with the token file, and records it', async () => {
    const { sut, ce, recorded } = newDirector({ queues: [definition()] });

    const decision = await sut.runOnce(SERVER);

    expect(decision).toEqual({ submit: true, pilotRef: 'local://local/pilot-1' });
    expect(ce.submissions).toEqual([
      {
        count: 1,
        pilotCommand: {
          executable: '/usr/bin/node',
          script: '/opt/majorana/pilot/dist/pilot.js',
          args: [
            '--server',
            SERVER,
            '--token-file',
            '/home/me/.majorana/pilot.token',
            '--slots',
            '4',
            '--site',
            'Local.localhost',
            '--ce',
            'local',
            '--idle-timeout',
            '30',
          ],
          env: {},
        },
      },
    ]);
    expect(recorded).toEqual([{ pilotRef: 'local://local/pilot-1', ce: 'local', site: 'Local.localhost', time: NOW }]);
  });

  it('starts none when no queue could run here (another site, too many processors)', async () => {
    const { sut, ce } = newDirector({ queues: [definition({ sites: ['LCG.CERN.ch'] }), definition({ minProcessors: 64 })] });

    expect(await sut.runOnce(SERVER)).toEqual({ submit: false, reason: 'no-matchable-work' });
    expect(ce.submissions).toEqual([]);
  });

  it('starts none while a Local pilot waits idle for work on this replica', async () => {
    const { sut, ce, connections } = newDirector({ queues: [definition()], pilots: [{ status: 'Running', submittedAt: NOW - 60_000 }] });
    connections.set({ pilotRef: 'local://local/idle', ce: 'local', site: 'Local.localhost', parked: true, jobs: new Map() });

    expect(await sut.runOnce(SERVER)).toEqual({ submit: false, reason: 'idle-pilot-waiting' });
    expect(ce.submissions).toEqual([]);
  });

  it('starts none while the last one submitted has not connected yet, nor beyond MAJORANA_LOCAL_PILOTS', async () => {
    const starting = newDirector({ queues: [definition()], pilots: [{ status: 'Submitted', submittedAt: NOW - 5_000 }] });
    expect(await starting.sut.runOnce(SERVER)).toEqual({ submit: false, reason: 'pilot-starting' });

    const busy = { status: 'Running' as const, submittedAt: NOW - 60_000 };
    const full = newDirector({ queues: [definition()], pilots: [busy, busy] });
    expect(await full.sut.runOnce(SERVER)).toEqual({ submit: false, reason: 'ce-full' });
    expect([...starting.ce.submissions, ...full.ce.submissions]).toEqual([]);
  });
  it('waits quietly when the CE still counts a pilot that is exiting', async () => {
    const { sut, ce } = newDirector({ queues: [definition()] });
    ce.submitPilots = () => Promise.reject(new CeException(CeErrorCode.CapacityExceeded, 'local has room for 0 more pilot(s)'));

    expect(await sut.runOnce(SERVER)).toEqual({ submit: false, reason: 'ce-full' });
  });
});
