import type { Command } from 'commander';
import type { CliIo } from '../../cli-io.js';
import { clientFromEnv } from '../../client-from-env.js';
import type { ExitStatus } from '../../program.js';
import { clientAction, printJson } from '../client-action.js';
import { formatSiteMask } from './format-sites.js';

/** `majorana site ban|allow|mask`: the site mask (banning needs a SiteManager token). */
export function registerSiteCommands(program: Command, io: CliIo, status: ExitStatus): void {
  const site = program.command('site').description('the site mask: ban and allow sites, show the mask');
  const run = <A extends unknown[]>(action: (...args: A) => Promise<number | void>) => clientAction(io, status, action);

  for (const [name, to] of [
    ['ban', 'Banned'],
    ['allow', 'Active'],
  ] as const) {
    site
      .command(name)
      .description(name === 'ban' ? 'send no more jobs to a site' : 'send jobs to a site again')
      .argument('<site>', 'DIRAC site name, e.g. LCG.CPPM.fr')
      .argument('<reason...>', 'why (kept with the mask)')
      .action(
        run(async (name_: string, reason: string[]) => {
          const client = clientFromEnv(io);
          await (to === 'Banned' ? client.banSite(name_, reason.join(' ')) : client.allowSite(name_, reason.join(' ')));
          io.stdout(`${name_} is ${to}\n`);
        }),
      );
  }

  site
    .command('mask')
    .description('every site with a status, who changed it and why')
    .option('--json', 'print the mask as JSON')
    .action(
      run(async (options: { json?: boolean }) => {
        const sites = await clientFromEnv(io).sites();
        if (options.json) {
          printJson(io, sites);
        } else {
          io.stdout(formatSiteMask(sites));
        }
      }),
    );
}
