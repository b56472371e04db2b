import type { Command } from 'commander';
import { MajoranaClientError } from '@majorana/client';
import type { CliIo } from '../../cli-io.js';
import { clientFromEnv } from '../../client-from-env.js';
import { EXIT_OK, EXIT_REFUSED, type ExitStatus } from '../../program.js';

/** `majorana admin user add|list|token|revoke`: the collaboration's users, through the admin API. */
export function registerAdminCommands(program: Command, io: CliIo, status: ExitStatus): void {
  const user = program
    .command('admin')
    .description('administer users and tokens (needs a ServiceAdministrator token)')
    .command('user')
    .description('users and their tokens');
  const run =
    <A extends unknown[]>(action: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      try {
        await action(...args);
        status.code = EXIT_OK;
      } catch (error) {
        if (!(error instanceof MajoranaClientError)) {
          throw error;
        }
        io.stderr(`majorana: ${error.message}\n`);
        status.code = EXIT_REFUSED;
      }
    };

  user
    .command('add')
    .description('add a user to one or more groups')
    .argument('<name>', 'user name (letters, digits, _ . @ -)')
    .requiredOption('-g, --group <group...>', 'group(s), e.g. user')
    .action(
      run(async (name: string, options: { group: string[] }) => {
        const added = await clientFromEnv(io).addUser(name, options.group);
        io.stdout(`added ${added.name} to ${added.groups.join(', ')}\n`);
      }),
    );

  user
    .command('list')
    .description('list users and their groups')
    .action(
      run(async () => {
        for (const entry of await clientFromEnv(io).listUsers()) {
          io.stdout(`${entry.name}\t${entry.groups.join(',')}\n`);
        }
      }),
    );

  user
    .command('token')
    .description('issue a bearer token; prints the token alone on standard output')
    .argument('<name>', 'user name')
    .option('-g, --group <group>', "the group to act in (default: the user's first)")
    .option('--days <days>', 'lifetime in days (default 7, at most 366)')
    .action(
      run(async (name: string, options: { group?: string; days?: string }) => {
        const days = options.days === undefined ? undefined : Number(options.days);
        if (days !== undefined && !(days > 0 && days <= 366)) {
          throw new MajoranaClientError(400, `--days must be a number of days between 1 and 366, got "${options.days}"`);
        }
        const issued = await clientFromEnv(io).issueToken(name, options.group, days === undefined ? undefined : Math.round(days * 86400));
        io.stdout(`${issued.token}\n`);
        io.stderr(`token ${issued.jti} for ${name}, valid until ${issued.expiresAt}\n`);
      }),
    );

  user
    .command('revoke')
    .description('revoke one token (--jti) or every live token of a user')
    .argument('[name]', 'user whose tokens to revoke')
    .option('--jti <jti>', 'the one token to revoke')
    .action(
      run(async (name: string | undefined, options: { jti?: string }) => {
        if ((name === undefined) === (options.jti === undefined)) {
          throw new MajoranaClientError(400, 'give a user name or --jti, not both');
        }
        const result = await clientFromEnv(io).revokeTokens(options.jti ? { jti: options.jti } : { user: name ?? '' });
        io.stdout(`revoked ${result.revoked} token(s)\n`);
      }),
    );
}
