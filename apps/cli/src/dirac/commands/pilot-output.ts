import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiracCommand } from '../dirac-command.js';

/** dirac-admin-get-pilot-output PilotRef…: `./pilot_<last part of the ref>/std.out` and `std.err`, as DIRAC names them. */
export const getPilotOutput: DiracCommand = {
  spec: {
    name: 'dirac-admin-get-pilot-output',
    description: 'Retrieve output of a Grid pilot',
    usage: 'PilotID ...',
    options: [],
    arguments: [['PilotID', 'Grid ID of the pilot']],
    minPositionals: 1,
  },
  async run(context) {
    await context.forEach(context.args.positionals, async (ref) => {
      const output = await context.client.pilotOutput(ref);
      const dir = join(
        process.cwd(),
        `pilot_${
          ref
            .split('/')
            .filter((part) => part !== '')
            .at(-1) ?? ref
        }`,
      );
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'std.out'), output.stdout);
      await writeFile(join(dir, 'std.err'), output.stderr);
      context.print(`Outputs retrieved in ${dir}`);
    });
  },
};
