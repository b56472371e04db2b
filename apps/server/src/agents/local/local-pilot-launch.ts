import { fileURLToPath } from 'node:url';
import type { PilotLaunch } from '@majorana/ce';

/** The bundled pilot (`npm run build` makes it), found from here in src/ (tests) and dist/ (the CLI) alike. */
export const BUNDLED_PILOT_SCRIPT = fileURLToPath(new URL('../../../../../pilot/dist/pilot.js', import.meta.url));

export interface LocalPilotLaunchOptions {
  /** The node binary running the server (the pilot needs nothing else). */
  readonly nodePath: string;
  readonly pilotScript: string;
  /** This server's own URL, as it listens. */
  readonly serverUrl: string;
  readonly tokenFile: string;
  readonly slots: number;
  readonly site: string;
  readonly ce: string;
  readonly idleTimeoutS: number;
}

/**
 * The command of one Local pilot: `node pilot.js --server … --token-file … --slots … --site … --ce …
 * --idle-timeout …`. The token is passed as a file, never on the command line, where `ps` would show it
 * to every user of the machine. The pilot's `--pilot-ref` is added at spawn time (PilotRefArgSpawner):
 * the CE chooses the ref.
 */
export function localPilotLaunch(options: LocalPilotLaunchOptions): PilotLaunch {
  return {
    executable: options.nodePath,
    script: options.pilotScript,
    args: [
      '--server',
      options.serverUrl,
      '--token-file',
      options.tokenFile,
      '--slots',
      String(options.slots),
      '--site',
      options.site,
      '--ce',
      options.ce,
      '--idle-timeout',
      String(options.idleTimeoutS),
    ],
    env: {},
  };
}
