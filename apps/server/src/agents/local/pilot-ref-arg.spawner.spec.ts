import { describe, expect, it } from '@jest/globals';
import type { ProcessSpawner, SpawnRequest } from '@majorana/ce';
import { PilotRefArgSpawner } from './pilot-ref-arg.spawner.js';

function recordingSpawner(): { spawner: ProcessSpawner; requests: SpawnRequest[] } {
  const requests: SpawnRequest[] = [];
  const spawner: ProcessSpawner = {
    spawn: (request) => {
      requests.push(request);
      return Promise.resolve({ pid: 4242, exit: new Promise(() => undefined) });
    },
    signalGroup: () => true,
    isAlive: () => true,
  };
  return { spawner, requests };
}

const request: SpawnRequest = {
  executable: '/usr/bin/node',
  args: ['/opt/pilot.js', '--server', 'http://127.0.0.1:8440'],
  env: { PATH: '/usr/bin', MAJORANA_PILOT_REF: 'local://local/3f1c' },
  cwd: '/tmp/p',
  stdoutPath: '/tmp/p/pilot.out',
  stderrPath: '/tmp/p/pilot.err',
};

describe(PilotRefArgSpawner.name, () => {
  it("gives the pilot the CE's ref as --pilot-ref, after its own arguments", async () => {
    const { spawner, requests } = recordingSpawner();
    const sut = new PilotRefArgSpawner(spawner);

    expect((await sut.spawn(request)).pid).toBe(4242);

    expect(requests[0]?.args).toEqual(['/opt/pilot.js', '--server', 'http://127.0.0.1:8440', '--pilot-ref', 'local://local/3f1c']);
    expect(requests[0]?.env).toEqual(request.env);
  });

  it('changes nothing when the CE set no ref', async () => {
    const { spawner, requests } = recordingSpawner();

    await new PilotRefArgSpawner(spawner).spawn({ ...request, env: { PATH: '/usr/bin' } });

    expect(requests[0]?.args).toEqual(request.args);
  });
});
