import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

/**
 * Where the MariaDB half of the end-to-end tests makes its throw-away databases: root on the local
 * server, as CI starts it. MAJORANA_TEST_MARIADB_URL (`mysql://user:password@host:port`) points it
 * elsewhere (the same variable the libs/db tests read).
 */
const MARIADB_ADMIN_URL = process.env['MAJORANA_TEST_MARIADB_URL'] ?? 'mysql://root@127.0.0.1:3306';

/** A fresh, empty `majorana_e2e_<random>` database: the URL a server is given, and how to drop it. */
export interface MariaDbDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * Creates a fresh database. An unreachable MariaDB throws a message saying what to start: the MariaDB
 * half of a suite fails then, it is never skipped.
 */
export async function createMariaDbDatabase(): Promise<MariaDbDatabase> {
  const admin = new URL(MARIADB_ADMIN_URL);
  const name = `majorana_e2e_${randomBytes(6).toString('hex')}`;
  await withConnection(admin, (connection) => connection.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`));
  const url = new URL(MARIADB_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withConnection(admin, (connection) => connection.query(`DROP DATABASE IF EXISTS ${name}`)),
  };
}

async function withConnection(admin: URL, use: (connection: mysql.Connection) => Promise<unknown>): Promise<void> {
  let connection: mysql.Connection;
  try {
    connection = await mysql.createConnection({
      host: admin.hostname,
      port: admin.port === '' ? 3306 : Number(admin.port),
      user: decodeURIComponent(admin.username),
      password: decodeURIComponent(admin.password),
      connectTimeout: 5_000,
    });
  } catch (error) {
    throw new Error(
      `MariaDB is not reachable at ${admin.host} as "${decodeURIComponent(admin.username)}" (${String(error)}). ` +
        'The MariaDB half of the server end-to-end tests needs a running server: start one (see /work/shared/INFRA-NOTES.md, MariaDB) ' +
        'or set MAJORANA_TEST_MARIADB_URL=mysql://user:password@host:port to an account that may CREATE DATABASE.',
    );
  }
  try {
    await use(connection);
  } finally {
    await connection.end();
  }
}
