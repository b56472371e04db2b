import { PILOT_REF_ENV, type ProcessSpawner, type SpawnedProcess, type SpawnRequest } from '@majorana/ce';

/**
 * Passes the ref the CE chose for a pilot (in MAJORANA_PILOT_REF, set just before the spawn) to the
 * pilot as `--pilot-ref`: the pilot takes its ref from its command line only, and a pilot announcing
 * another ref than the one recorded at submission would never be seen to start (the site director
 * would keep submitting more). Everything else goes to the real spawner unchanged.
 */
export class PilotRefArgSpawner implements ProcessSpawner {
  constructor(private readonly inner: ProcessSpawner) {}

  spawn(request: SpawnRequest): Promise<SpawnedProcess> {
    const ref = request.env[PILOT_REF_ENV];
    return this.inner.spawn(ref === undefined ? request : { ...request, args: [...request.args, '--pilot-ref', ref] });
  }

  signalGroup(groupId: number, signal: NodeJS.Signals): boolean {
    return this.inner.signalGroup(groupId, signal);
  }

  isAlive(pid: number): boolean {
    return this.inner.isAlive(pid);
  }
}
