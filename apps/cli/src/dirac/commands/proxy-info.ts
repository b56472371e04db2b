import { readFileSync } from 'node:fs';
import { readTokenClaims } from '@majorana/client';
import { resolveCredentials } from '../../client-from-env.js';
import type { DiracCommand } from '../dirac-command.js';
import { proxyInfoLines, timeLeft } from '../format/dirac-formats.js';

/**
 * dirac-proxy-info [-f FILE] [-v]: what the token in use says (Majorana's tokens stand where DIRAC's
 * proxies did). Read here, not checked with the server: `majorana whoami` does that.
 */
export const proxyInfo: DiracCommand = {
  spec: {
    name: 'dirac-proxy-info',
    description: 'Print information about the current proxy (the Majorana token in use)',
    usage: '',
    options: [
      { short: 'f', long: 'file', value: true, help: 'File to use as user key' },
      { short: 'v', long: 'checkvalid', value: false, help: 'Return error if the proxy is invalid' },
    ],
    arguments: [],
    minPositionals: 0,
  },
  run(context) {
    let token: string;
    let path: string;
    try {
      const file = context.option('file');
      if (file !== undefined) {
        token = readFileSync(file, 'utf8').trim();
        path = file;
      } else {
        ({ token, tokenSource: path } = resolveCredentials(context.io));
      }
    } catch {
      context.print("Can't find proxy");
      context.exitCode = 1;
      return Promise.resolve();
    }
    const claims = readTokenClaims(token);
    const now = new Date();
    context.io.stdout(
      proxyInfoLines([
        ['subject', claims.user],
        ['issuer', claims.issuer],
        ['identity', claims.user],
        ['timeleft', timeLeft(claims.expiresAt, now)],
        ['DIRAC group', claims.group],
        ['path', path],
        ['username', claims.user],
        ['properties', claims.properties.join(', ')],
        ['VO', claims.vo],
      ]),
    );
    if (context.has('checkvalid') && claims.expiresAt <= now) {
      context.fail(undefined, 'Proxy is expired');
    }
    return Promise.resolve();
  },
};
