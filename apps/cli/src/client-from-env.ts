import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { MajoranaClient } from '@majorana/client';
import { CliUsageError, type CliIo } from './cli-io.js';

/** The default server of `majorana up` on this machine. */
export const DEFAULT_URL = 'http://127.0.0.1:8440';

/**
 * A client for the server the user means: MAJORANA_URL (default the local `majorana up`), with the
 * token from MAJORANA_TOKEN, else the administrator's token that `majorana up` wrote to
 * $MAJORANA_HOME/admin.token.
 */
export function clientFromEnv(io: CliIo): MajoranaClient {
  const url = io.env.MAJORANA_URL ?? DEFAULT_URL;
  return new MajoranaClient({ url, token: tokenFromEnv(io) });
}

function tokenFromEnv(io: CliIo): string {
  const token = io.env.MAJORANA_TOKEN?.trim();
  if (token) {
    return token;
  }
  const path = join(io.env.MAJORANA_HOME ?? join(homedir(), '.majorana'), 'admin.token');
  if (existsSync(path)) {
    return readFileSync(path, 'utf8').trim();
  }
  throw new CliUsageError(`no token: set MAJORANA_TOKEN, or run this where \`majorana up\` wrote ${path}`);
}
