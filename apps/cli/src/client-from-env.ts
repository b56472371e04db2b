import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { MajoranaClient } from '@majorana/client';
import { CliUsageError, type CliIo } from './cli-io.js';

/** The default server of `majorana up` on this machine. */
export const DEFAULT_URL = 'http://127.0.0.1:8440';

/** What `majorana login` saves, in $MAJORANA_HOME/credentials.json (mode 0600). */
export interface SavedCredentials {
  readonly url: string;
  readonly token: string;
}

/** The server and token a command uses, and where each came from (for whoami and error messages). */
export interface ResolvedCredentials {
  readonly url: string;
  readonly token: string;
  /** `MAJORANA_TOKEN`, or the path of the file the token was read from. */
  readonly tokenSource: string;
}

/** $MAJORANA_HOME, default ~/.majorana: where `majorana up` keeps its data and `login` the credentials. */
export function majoranaHome(io: CliIo): string {
  return io.env.MAJORANA_HOME ?? join(homedir(), '.majorana');
}

export function credentialsPath(io: CliIo): string {
  return join(majoranaHome(io), 'credentials.json');
}

/**
 * The server and token the user means. Token: MAJORANA_TOKEN, then the credentials `majorana login`
 * saved, then the administrator token `majorana up` wrote to $MAJORANA_HOME/admin.token (the embedded
 * default on this machine). URL: MAJORANA_URL, then the saved credentials, then the local default.
 */
export function resolveCredentials(io: CliIo): ResolvedCredentials {
  const saved = readSavedCredentials(io);
  const url = io.env.MAJORANA_URL?.trim() || saved?.url || DEFAULT_URL;
  const fromEnv = io.env.MAJORANA_TOKEN?.trim();
  if (fromEnv) {
    return { url, token: fromEnv, tokenSource: 'MAJORANA_TOKEN' };
  }
  if (saved) {
    return { url, token: saved.token, tokenSource: credentialsPath(io) };
  }
  const adminToken = join(majoranaHome(io), 'admin.token');
  if (existsSync(adminToken)) {
    return { url, token: readFileSync(adminToken, 'utf8').trim(), tokenSource: adminToken };
  }
  throw new CliUsageError(
    `no token: run \`majorana login URL\`, set MAJORANA_TOKEN, or run this where \`majorana up\` wrote ${adminToken}`,
  );
}

/** A client for the server the user means (see resolveCredentials). */
export function clientFromEnv(io: CliIo): MajoranaClient {
  const { url, token } = resolveCredentials(io);
  return new MajoranaClient({ url, token });
}

/** The saved credentials, or undefined when there are none; a damaged file is an error naming it. */
export function readSavedCredentials(io: CliIo): SavedCredentials | undefined {
  const path = credentialsPath(io);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<SavedCredentials>;
    if (typeof parsed.url === 'string' && typeof parsed.token === 'string' && parsed.token !== '') {
      return { url: parsed.url, token: parsed.token };
    }
  } catch {
    // reported below
  }
  throw new CliUsageError(`${path} is not what \`majorana login\` writes ({"url", "token"}): run \`majorana login\` again or delete it`);
}

/** Writes the credentials readable by their owner only (0600), replacing the file in one step. */
export function saveCredentials(io: CliIo, credentials: SavedCredentials): string {
  const path = credentialsPath(io);
  mkdirSync(majoranaHome(io), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // The mode given to writeFileSync is filtered by the umask; the token must not be readable by others.
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return path;
}
