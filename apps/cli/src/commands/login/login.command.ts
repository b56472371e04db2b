import type { Command } from 'commander';
import { MajoranaClient, readTokenClaims } from '@majorana/client';
import { CliUsageError, type CliIo } from '../../cli-io.js';
import { DEFAULT_URL, resolveCredentials, saveCredentials } from '../../client-from-env.js';
import type { ExitStatus } from '../../program.js';
import { clientAction, printJson } from '../client-action.js';
import { formatIdentity } from './format-identity.js';

/**
 * `majorana login [URL] [--token T | --token-file F | -]`: checks the token with the server, then
 * saves {url, token} to $MAJORANA_HOME/credentials.json (0600) for every later command.
 * `majorana whoami`: who the token in use says you are, checked with the server.
 */
export function registerLoginCommands(program: Command, io: CliIo, status: ExitStatus): void {
  const run = <A extends unknown[]>(action: (...args: A) => Promise<number | void>) => clientAction(io, status, action);

  program
    .command('login')
    .description('check a token with the server and save it with the URL for later commands')
    .argument('[url]', `the server (default MAJORANA_URL, else ${DEFAULT_URL})`)
    .option('--token <token>', 'the token (default: MAJORANA_TOKEN, else read from standard input)')
    .option('--token-file <file>', 'read the token from this file')
    .action(
      run(async (url: string | undefined, options: { token?: string; tokenFile?: string }) => {
        const server = (url ?? io.env.MAJORANA_URL ?? DEFAULT_URL).replace(/\/+$/, '');
        const token = (
          options.token ??
          (options.tokenFile ? (await io.readInput(options.tokenFile)).text : undefined) ??
          io.env.MAJORANA_TOKEN ??
          (await io.readInput('-')).text
        ).trim();
        if (token === '') {
          throw new CliUsageError('no token given: pass --token, --token-file, MAJORANA_TOKEN or pipe it in');
        }
        const claims = readTokenClaims(token);
        // Any authenticated call proves the token is this server's and still good.
        await new MajoranaClient({ url: server, token }).sites();
        const path = saveCredentials(io, { url: server, token });
        io.stdout(`logged in to ${server} as ${claims.user} (group ${claims.group}), until ${claims.expiresAt.toISOString()}\n`);
        io.stderr(`saved to ${path}\n`);
      }),
    );

  program
    .command('whoami')
    .description('who the token in use says you are, checked with the server')
    .option('--json', 'print it as JSON')
    .action(
      run(async (options: { json?: boolean }) => {
        const credentials = resolveCredentials(io);
        const claims = readTokenClaims(credentials.token);
        await new MajoranaClient({ url: credentials.url, token: credentials.token }).sites();
        const identity = { ...claims, url: credentials.url, tokenSource: credentials.tokenSource };
        if (options.json) {
          printJson(io, identity);
        } else {
          io.stdout(formatIdentity(identity, new Date()));
        }
      }),
    );
}
