import type { Command } from 'commander';
import type { PilotStatus } from '@majorana/client';
import type { CliIo } from '../../cli-io.js';
import { clientFromEnv } from '../../client-from-env.js';
import type { ExitStatus } from '../../program.js';
import { clientAction, printJson } from '../client-action.js';
import { formatPilots } from './format-pilots.js';

/** `majorana pilot list|output`: pilots, for site managers and administrators. */
export function registerPilotCommands(program: Command, io: CliIo, status: ExitStatus): void {
  const pilot = program.command('pilot').description('pilots: list them, read their output');
  const run = <A extends unknown[]>(action: (...args: A) => Promise<number | void>) => clientAction(io, status, action);

  pilot
    .command('list')
    .description('pilots, newest first')
    .option('--status <statuses>', 'e.g. Running,Disconnected')
    .option('--site <site>', 'only this site')
    .option('--ce <ce>', 'only this computing element')
    .option('--max <n>', 'at most this many', '100')
    .option('--json', 'print {pilots, total} as JSON')
    .action(
      run(async (options: { status?: string; site?: string; ce?: string; max: string; json?: boolean }) => {
        const list = await clientFromEnv(io).pilots({
          ...(options.status ? { status: options.status.split(',') as PilotStatus[] } : {}),
          ...(options.site ? { site: options.site } : {}),
          ...(options.ce ? { ce: options.ce } : {}),
          perPage: Number(options.max),
        });
        if (options.json) {
          printJson(io, list);
          return;
        }
        io.stdout(formatPilots(list.pilots));
        if (list.pilots.length < list.total) {
          io.stderr(`(${list.pilots.length} of ${list.total} shown)\n`);
        }
      }),
    );

  pilot
    .command('output')
    .description("the tails of a pilot's stdout and stderr")
    .argument('<ref>', 'pilot reference')
    .option('--json', 'print {stdout, stderr} as JSON')
    .action(
      run(async (ref: string, options: { json?: boolean }) => {
        const output = await clientFromEnv(io).pilotOutput(ref);
        if (options.json) {
          printJson(io, output);
          return;
        }
        io.stdout(`==> stdout <==\n${withNewline(output.stdout)}==> stderr <==\n${withNewline(output.stderr)}`);
      }),
    );
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
