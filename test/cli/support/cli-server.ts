import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMariaDbDatabase, type MariaDbDatabase } from '../../server/support/mariadb-database.js';
import type { DatabaseKind } from '../../server/support/test-server.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };

/** The path package.json's "bin" gives a command (what `npm link` puts on PATH). */
export function binPath(name: string): string {
  const path = PACKAGE.bin[name];
  if (path === undefined) {
    throw new Error(`package.json has no bin ${name}`);
  }
  return join(ROOT, path);
}

export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `majorana up` (the embedded default: SQLite or MariaDB, agents and the Local CE) in a child process. */
export interface CliServer {
  readonly url: string;
  readonly home: string;
  /** Runs a linked command as a user does: a real process, in `cwd`, with this server's URL and home. */
  run(name: string, args: readonly string[], options?: { cwd?: string; env?: Record<string, string> }): CommandResult;
  stop(): Promise<void>;
}

export async function startCliServer(kind: DatabaseKind): Promise<CliServer> {
  const home = mkdtempSync(join(tmpdir(), 'majorana-cli-e2e-'));
  let database: MariaDbDatabase | undefined;
  let child: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await database?.drop();
    rmSync(home, { recursive: true, force: true });
  };
  try {
    database = kind === 'mariadb' ? await createMariaDbDatabase() : undefined;
    const server = spawn(process.execPath, [binPath('majorana'), 'up', '--port', '0', '--home', home], {
      env: { ...process.env, MAJORANA_LOG_LEVEL: 'warn', ...(database ? { MAJORANA_DB_URL: database.url } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = server;
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`majorana up did not start:\n${output}`)), 60_000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const match = /Majorana is up at (http:\/\/\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      server.stdout.on('data', onData);
      server.stderr.on('data', onData);
      server.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`majorana up exited with ${code}:\n${output}`));
      });
    });
    const run = (name: string, args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): CommandResult => {
      const env: Record<string, string | undefined> = { ...process.env, MAJORANA_HOME: home, MAJORANA_URL: url, ...options.env };
      if (options.env?.['MAJORANA_TOKEN'] === undefined) {
        delete env['MAJORANA_TOKEN'];
      }
      const result = spawnSync(process.execPath, [binPath(name), ...args], { cwd: options.cwd ?? home, env, encoding: 'utf8' });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    return { url, home, run, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A local port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** Runs `check` until it returns a value or `timeoutMs` passes (then throws with `what`). */
export async function until<T>(what: string, check: () => T | undefined, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export { spawnSync };
