import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from '@jest/globals';
import { loadServerConfig, startServer, type RunningServer } from '@majorana/server';
import type { IssuedToken, SubmitResult } from './api-types.js';
import { createMariaDbDatabase, type MariaDbDatabase } from './mariadb-database.js';

/** Every database the server must behave the same on; each suite runs once per kind. */
export type DatabaseKind = 'sqlite' | 'mariadb';
export const DATABASE_KINDS: readonly DatabaseKind[] = ['sqlite', 'mariadb'];

/** How long a server may take to start or stop (MariaDB migrations on a busy 2-core machine). */
export const SERVER_HOOK_TIMEOUT_MS = 60_000;

export interface TestServerOptions {
  /** More MAJORANA_* variables, e.g. `{ MAJORANA_MAX_RESCHEDULING: '1' }`. */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to $MAJORANA_HOME/majorana.json (the VO, groups and users); absent: the server's defaults. */
  readonly authConfig?: unknown;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiResponse<T> {
  readonly status: number;
  /** Parsed JSON when the server said application/json, else the text. */
  readonly body: T;
  readonly headers: Headers;
}

/**
 * One real request. `token`: a bearer token; omitted, the administrator's (group admin: NormalUser,
 * JobAdministrator, SiteManager, ServiceAdministrator); `null`, no Authorization header at all.
 */
export type Api = <T = unknown>(method: HttpMethod, path: string, body?: unknown, token?: string | null) => Promise<ApiResponse<T>>;

/** A user made for one test, with a token of their first group. */
export interface TestUser {
  readonly name: string;
  readonly group: string;
  readonly token: string;
  readonly jti: string;
}

export interface TestServer {
  readonly kind: DatabaseKind;
  readonly url: string;
  /** The server in this process, for what a test must reach behind the API (e.g. `app.get(TokenService)`). */
  readonly app: RunningServer['app'];
  readonly adminToken: string;
  readonly api: Api;
  /** A body sent exactly as given (not JSON-encoded), for malformed and oversized requests. */
  sendRaw(
    method: HttpMethod,
    path: string,
    body: string | Uint8Array,
    contentType: string,
    token?: string | null,
  ): Promise<ApiResponse<unknown>>;
  /** Submits JDLs (one → `{jdl}`, several → `{jdls}`) and returns the new job IDs; anything but 201 throws with the body. */
  submit(jdl: string | readonly string[], token?: string | null): Promise<number[]>;
  /** Adds a user with a fresh name to `groups` (through the admin API) and issues a token of the first. */
  newUser(groups?: readonly string[], namePrefix?: string): Promise<TestUser>;
  /** Issues a token through the admin API (anything but 200/201 throws with the body). */
  issueToken(user: string, group?: string): Promise<IssuedToken>;
  close(): Promise<void>;
}

/** A name no other test uses: `prefix_<8 hex>`. */
export function freshName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** A DIRAC site name no other test uses: `LCG.<Tag><hex>.fr`. */
export function freshSite(tag: string): string {
  return `LCG.${tag}${randomBytes(3).toString('hex')}.fr`;
}

/** A JDL file of test/fixtures (real fixtures, shared with the CLI tests). */
export function fixtureJdl(relativePath: string): string {
  return readFileSync(new URL(`../../fixtures/${relativePath}`, import.meta.url), 'utf8');
}

/**
 * Starts a real server (Fastify on a free port) with a fresh temporary MAJORANA_HOME and, for
 * MariaDB, a fresh database; `close()` stops it and deletes both.
 */
export async function startTestServer(kind: DatabaseKind, options: TestServerOptions = {}): Promise<TestServer> {
  const home = await mkdtemp(join(tmpdir(), 'majorana-e2e-'));
  let database: MariaDbDatabase | undefined;
  let running: RunningServer | undefined;
  const cleanUp = async (): Promise<void> => {
    try {
      await running?.close();
    } finally {
      try {
        await database?.drop();
      } finally {
        await rm(home, { recursive: true, force: true });
      }
    }
  };
  try {
    if (options.authConfig !== undefined) {
      await writeFile(join(home, 'majorana.json'), JSON.stringify(options.authConfig, null, 2));
    }
    database = kind === 'mariadb' ? await createMariaDbDatabase() : undefined;
    const config = loadServerConfig({
      MAJORANA_HOME: home,
      MAJORANA_PORT: '0',
      MAJORANA_LOG_LEVEL: 'warn',
      ...(database ? { MAJORANA_DB_URL: database.url } : {}),
      ...options.env,
    });
    // docsUi off: the Swagger UI plugin needs require(esm), which Jest's module loader lacks on Node 20.
    running = await startServer(config, { docsUi: false });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const url = running.url;
  const adminToken = readFileSync(running.adminTokenPath, 'utf8').trim();
  const sendRaw = async (
    method: HttpMethod,
    path: string,
    body: string | Uint8Array | undefined,
    contentType: string | undefined,
    token: string | null | undefined,
  ): Promise<ApiResponse<unknown>> => {
    const headers: Record<string, string> = {};
    const bearer = token === undefined ? adminToken : token;
    if (bearer !== null) {
      headers['authorization'] = `Bearer ${bearer}`;
    }
    if (contentType !== undefined) {
      headers['content-type'] = contentType;
    }
    const response = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('application/json') ?? false;
    return { status: response.status, body: json && text !== '' ? (JSON.parse(text) as unknown) : text, headers: response.headers };
  };
  const api: Api = async <T>(method: HttpMethod, path: string, body?: unknown, token?: string | null) =>
    (await sendRaw(
      method,
      path,
      body === undefined ? undefined : JSON.stringify(body),
      body === undefined ? undefined : 'application/json',
      token,
    )) as ApiResponse<T>;
  const issueToken = async (user: string, group?: string): Promise<IssuedToken> => {
    const response = await api<IssuedToken>('POST', '/api/admin/tokens', group === undefined ? { user } : { user, group });
    if (response.status !== 200 && response.status !== 201) {
      throw new Error(`issuing a token to ${user} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return response.body;
  };
  return {
    kind,
    url,
    app: running.app,
    adminToken,
    api,
    sendRaw: (method, path, body, contentType, token) => sendRaw(method, path, body, contentType, token),
    submit: async (jdl, token) => {
      const response = await api<SubmitResult>('POST', '/api/jobs', typeof jdl === 'string' ? { jdl } : { jdls: jdl }, token);
      if (response.status !== 201) {
        throw new Error(`submitting answered ${response.status}: ${JSON.stringify(response.body)}`);
      }
      return response.body.jobIds;
    },
    newUser: async (groups = ['user'], namePrefix = 'ana') => {
      const name = freshName(namePrefix);
      const added = await api('POST', '/api/admin/users', { name, groups });
      if (added.status !== 200 && added.status !== 201) {
        throw new Error(`adding user ${name} answered ${added.status}: ${JSON.stringify(added.body)}`);
      }
      const group = groups[0] ?? 'user';
      const issued = await issueToken(name, group);
      return { name, group, token: issued.token, jti: issued.jti };
    },
    issueToken,
    close: cleanUp,
  };
}

/**
 * Declares `body` once per database kind, each inside `describe('on <kind>')` with its own server
 * started before its tests and stopped (home and database deleted) after them. A server that cannot
 * start — MariaDB unreachable included — fails every test of that kind with the reason; nothing is
 * skipped.
 */
export function describeOnEachDatabase(options: TestServerOptions, body: (server: () => TestServer, kind: DatabaseKind) => void): void {
  for (const kind of DATABASE_KINDS) {
    describe(`on ${kind}`, () => {
      let server: TestServer | undefined;
      beforeAll(async () => {
        server = await startTestServer(kind, options);
      }, SERVER_HOOK_TIMEOUT_MS);
      afterAll(async () => {
        await server?.close();
      }, SERVER_HOOK_TIMEOUT_MS);
      body(() => {
        if (server === undefined) {
          throw new Error(`the ${kind} test server is not running: see the error of its beforeAll`);
        }
        return server;
      }, kind);
    });
  }
}
