import type { PilotLaunch } from '@majorana/ce';
import type { CeDeclaration } from '../computing-elements/ce-declaration.js';

/** Where node usually is on a worker node when the declaration does not say. */
export const DEFAULT_REMOTE_NODE = '/usr/bin/node';

export interface DeclaredPilotLaunchOptions {
  readonly serverUrl: string;
  /** The submission's credential: passed in the environment (MAJORANA_PILOT_TOKEN), never on the command line. */
  readonly token: string;
  /** The agents' own node, for a local CE. */
  readonly localNodePath: string;
  /** The agents' pilot bundle: run as is by a local CE, shipped by the SSH and Slurm drivers. */
  readonly localPilotScript: string;
}

/**
 * The command of a pilot of a declared CE: `node pilot.js --server … --slots … --site … --ce …
 * --max-time … --cpu-normalization …` with the credential in MAJORANA_PILOT_TOKEN (the pilot reads it from there; `ps`
 * does not show a process's environment to other users). A local CE runs this node; a remote one the
 * node of `pilot.nodePath` (default /usr/bin/node). The script is the agents' bundle everywhere: the
 * SSH and Slurm drivers copy it to the host (once per content) and run the copy.
 */
export function declaredPilotLaunch(declaration: CeDeclaration, options: DeclaredPilotLaunchOptions): PilotLaunch {
  const local = declaration.type === 'local';
  return {
    executable: declaration.pilot.nodePath ?? (local ? options.localNodePath : DEFAULT_REMOTE_NODE),
    script: options.localPilotScript,
    args: [
      '--server',
      options.serverUrl,
      '--slots',
      String(declaration.pilot.slots),
      '--site',
      declaration.site,
      '--ce',
      declaration.name,
      '--max-time',
      String(declaration.pilot.maxTimeS),
      // The pilot offers time left × this, in HS06·s, as the site director counted it (queue-resource.ts):
      // without it the pilot assumes 1 and refuses the jobs it was sent for.
      '--cpu-normalization',
      String(declaration.queue.cpuNormalization),
    ],
    env: { MAJORANA_PILOT_TOKEN: options.token },
  };
}
