// Where the match benchmark's servers live: temporary homes, throw-away MariaDB databases, servers in
// this process (for the in-process matcher) or in a child process (for HTTP load), and a small HTTP client.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { loadServerConfig, startServer } from '@majorana/server';
import { DataSource } from 'typeorm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(root, 'apps', 'cli', 'dist', 'main.js');

/** The local MariaDB of the benchmark machine (root, no password), as CI and the tests use it. */
const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };

/** Everything made during a run, undone in reverse order by `cleanUp` (also after a failure). */
const undo = [];

export async function cleanUp() {
  while (undo.length > 0) {
    try {
      await undo.pop()();
    } catch (error) {
      console.error(`clean-up: ${error.message}`);
    }
  }
}

export function tempHome(prefix) {
  const home = mkdtempSync(join(tmpdir(), `majorana-bench-${prefix}-`));
  undo.push(() => rmSync(home, { recursive: true, force: true }));
  return home;
}

/** A fresh `majorana_bench_<random>` database, dropped at clean-up; returns its MAJORANA_DB_URL. */
export async function mariaDbDatabase() {
  const name = `majorana_bench_${randomBytes(6).toString('hex')}`;
  const connection = await mysql.createConnection(MARIADB);
  try {
    await connection.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
  } finally {
    await connection.end();
  }
  undo.push(async () => {
    const cleaner = await mysql.createConnection(MARIADB);
    try {
      await cleaner.query(`DROP DATABASE IF EXISTS ${name}`);
    } finally {
      await cleaner.end();
    }
  });
  return `mysql://${MARIADB.user}@${MARIADB.host}:${MARIADB.port}/${name}`;
}

/** A server in this process (SQLite under `home`, or MariaDB at `dbUrl`), closed at clean-up unless closed before. */
export async function inProcessServer({ home, dbUrl, maxParametricJobs = 1_000_000 }) {
  const server = await startServer(
    loadServerConfig({
      MAJORANA_HOME: home,
      MAJORANA_PORT: '0',
      MAJORANA_LOG_LEVEL: 'warn',
      MAJORANA_MAX_PARAMETRIC_JOBS: String(maxParametricJobs),
      ...(dbUrl ? { MAJORANA_DB_URL: dbUrl } : {}),
    }),
  );
  let open = true;
  const close = async () => {
    if (open) {
      open = false;
      await server.close();
    }
  };
  undo.push(close);
  return { ...server, close, adminToken: readFileSync(server.adminTokenPath, 'utf8').trim() };
}

/** InnoDB history (undo of committed changes not yet purged) that counts as caught up. */
const SETTLED_HISTORY = 1_000;

/**
 * Waits (untimed, between rounds) until the database has finished the background work the round
 * before left it, so that a round does not pay for its predecessor's: on SQLite, until the write-ahead
 * log is copied into the database file and emptied (the raw claims write ~3 pages per claim, a refill
 * thousands); on MariaDB, until InnoDB has purged the rows the round deleted and the versions it
 * replaced. The work a round makes during the round is still paid during the round, as in a server
 * that only matches.
 */
export async function settleDatabase(server) {
  const dataSource = server.app.get(DataSource);
  const pause = () => new Promise((resolve) => setTimeout(resolve, 50));
  for (let attempt = 0; attempt < 400; attempt++) {
    if (dataSource.options.type === 'better-sqlite3') {
      // busy = 1 while the background checkpointer holds the checkpoint lock; try again shortly.
      const [{ busy }] = dataSource.driver.databaseConnection.pragma('wal_checkpoint(TRUNCATE)');
      if (busy === 0) {
        return;
      }
    } else {
      const [{ Value }] = await dataSource.query("SHOW GLOBAL STATUS LIKE 'Innodb_history_list_length'");
      if (Number(Value) < SETTLED_HISTORY) {
        return;
      }
    }
    await pause();
  }
  throw new Error('the database did not settle within 20 s after a round (checkpoint or purge)');
}

/** `majorana up` on `home` in a child process (Local CE off); resolves once it says where it listens. Killed at clean-up. */
export async function childServer(home, env = {}) {
  const child = spawn(process.execPath, [CLI, 'up', '--port', '0', '--home', home], {
    // The Local CE off: its pilots would take (and run) the jobs the benchmark matches.
    env: { ...process.env, MAJORANA_LOG_LEVEL: 'warn', MAJORANA_LOCAL_PILOTS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  undo.push(stop);
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`majorana up did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const found = /Majorana is up at (http:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`majorana up exited with ${code}:\n${output}`));
    });
  });
  return { url, pid: child.pid, adminToken: readFileSync(join(home, 'admin.token'), 'utf8').trim(), stop };
}

/**
 * JSON over HTTP/1.1 keep-alive with at most `connections` sockets: node:http rather than fetch, so
 * the client spends as little of the machine's two cores as it can.
 */
export function httpClient(baseUrl, connections = 64) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const { hostname, port } = new URL(baseUrl);
  const request = (method, path, body, token) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          agent,
          hostname,
          port,
          method,
          path,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const parts = [];
          res.on('data', (part) => parts.push(part));
          res.on('end', () => {
            const text = Buffer.concat(parts).toString('utf8');
            if (res.statusCode >= 400) {
              reject(new Error(`${method} ${path} → ${res.statusCode}: ${text.slice(0, 500)}`));
              return;
            }
            resolve(text === '' ? null : JSON.parse(text));
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return { request, close: () => agent.destroy() };
}
