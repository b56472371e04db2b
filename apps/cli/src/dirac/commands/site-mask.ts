import type { DiracCommand, DiracContext } from '../dirac-command.js';

async function changeSite(context: DiracContext, status: 'Banned' | 'Active'): Promise<void> {
  const [site = '', ...comment] = context.args.positionals;
  await context.forEach([site], async () => {
    const current = (await context.client.sites()).find((entry) => entry.site === site);
    // A site never banned is Active: the mask only lists sites someone has changed.
    if ((current?.status ?? 'Active') === status) {
      context.print(`Site ${site} is already ${status}`);
      return;
    }
    const reason = comment.join(' ');
    await (status === 'Banned' ? context.client.banSite(site, reason) : context.client.allowSite(site, reason));
    context.print(`Site ${site} status is set to ${status}`);
  });
}

const siteArguments = [
  ['Site', 'Name of the Site'],
  ['Comment', 'Reason of the action'],
] as const;

/** dirac-admin-ban-site Site Comment: `Site X status is set to Banned`, or `Site X is already Banned`. */
export const banSite: DiracCommand = {
  spec: {
    name: 'dirac-admin-ban-site',
    description: 'Remove Site from Active mask for current Setup',
    usage: 'Site Comment',
    options: [],
    arguments: siteArguments,
    minPositionals: 2,
  },
  run: (context) => changeSite(context, 'Banned'),
};

/** dirac-admin-allow-site Site Comment: `Site X status is set to Active`, or `Site X is already Active`. */
export const allowSite: DiracCommand = {
  spec: {
    name: 'dirac-admin-allow-site',
    description: 'Add Site to Active mask for current Setup',
    usage: 'Site Comment',
    options: [],
    arguments: siteArguments,
    minPositionals: 2,
  },
  run: (context) => changeSite(context, 'Active'),
};

/** dirac-admin-get-site-mask: the sites jobs may go to, sorted, one per line. */
export const getSiteMask: DiracCommand = {
  spec: {
    name: 'dirac-admin-get-site-mask',
    description: 'Get the list of sites enabled in the mask for job submission',
    usage: '',
    options: [],
    arguments: [],
    minPositionals: 0,
  },
  async run(context) {
    const allowed = (await context.client.sites()).filter((site) => site.status === 'Active').map((site) => site.site);
    for (const site of allowed.sort()) {
      context.print(site);
    }
  },
};
