import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from '@jest/globals';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source/create-data-source.js';
import type { DatabaseKind } from '../data-source/sql-dialect.js';
import { runMigrations } from '../migrations/run-migrations.js';

/** Every database the persistence layer must behave the same on. */
export const DATABASE_KINDS: readonly DatabaseKind[] = ['sqlite', 'mariadb'];

/**
 * Where the MariaDB half creates its throw-away databases: root on the local server, as CI starts it.
 * MAJORANA_TEST_MARIADB_URL (`mysql://user:password@host:port`) points it elsewhere.
 */
const MARIADB_ADMIN_URL = process.env['MAJORANA_TEST_MARIADB_URL'] ?? 'mysql://root@127.0.0.1:3306';

export interface TestDatabaseOptions {
  /** Apply the migrations before the tests run. @default true */
  readonly migrate?: boolean;
}

/** A fresh, empty database of one kind, and the DataSource on it. */
export interface TestDatabase {
  readonly kind: DatabaseKind;
  readonly dataSource: DataSource;
  /** Another DataSource on the same database (a second server replica); closed with the database. */
  openAnother(): Promise<DataSource>;
  /** Closes every DataSource and deletes the database (the temporary folder, or DROP DATABASE). */
  close(): Promise<void>;
}

/**
 * Declares `body` once per database kind, each inside `describe(kind)` with a fresh database made
 * before its tests and deleted after them (a temporary SQLite file; a `majorana_test_<random>`
 * database on MariaDB). If MariaDB cannot be reached, every MariaDB test fails with a message saying
 * so: the suite never skips it silently.
 *
 *     forEachDatabase((kind, getDataSource) => {
 *       let jobs: JobRepository;
 *       beforeAll(() => { jobs = new JobRepository(getDataSource()); });
 *       it('…', async () => { … });
 *     });
 */
export function forEachDatabase(
  body: (kind: DatabaseKind, getDataSource: () => DataSource, getDatabase: () => TestDatabase) => void,
  options: TestDatabaseOptions = {},
): void {
  for (const kind of DATABASE_KINDS) {
    describe(kind, () => {
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await openTestDatabase(kind, options);
      }, 60_000);
      afterAll(async () => {
        await database?.close();
      }, 60_000);
      const getDatabase = (): TestDatabase => {
        if (database === undefined) {
          throw new Error(`the ${kind} test database is not open: call getDataSource() inside beforeAll or a test`);
        }
        return database;
      };
      body(kind, () => getDatabase().dataSource, getDatabase);
    });
  }
}

/** Opens a fresh database of one kind (for tests that manage their own lifecycle, e.g. end-to-end). */
export async function openTestDatabase(kind: DatabaseKind, options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const location = kind === 'sqlite' ? await makeSqliteFolder() : await makeMariaDbDatabase();
  const opened: DataSource[] = [];
  const open = async (): Promise<DataSource> => {
    const dataSource = createDataSource(location.options);
    await dataSource.initialize();
    opened.push(dataSource);
    return dataSource;
  };
  try {
    const dataSource = await open();
    if (options.migrate ?? true) {
      await runMigrations(dataSource);
    }
    return {
      kind,
      dataSource,
      openAnother: open,
      close: async () => {
        for (const each of opened.filter((source) => source.isInitialized)) {
          await each.destroy();
        }
        await location.remove();
      },
    };
  } catch (error) {
    await location.remove();
    throw error;
  }
}

interface Location {
  readonly options: { url: string } | { sqlitePath: string };
  remove(): Promise<void>;
}

async function makeSqliteFolder(): Promise<Location> {
  const folder = await mkdtemp(join(tmpdir(), 'majorana-db-test-'));
  return {
    options: { sqlitePath: join(folder, 'majorana.sqlite') },
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}

async function makeMariaDbDatabase(): Promise<Location> {
  const admin = new URL(MARIADB_ADMIN_URL);
  const connect = () =>
    mysql.createConnection({
      host: admin.hostname,
      port: admin.port === '' ? 3306 : Number(admin.port),
      user: decodeURIComponent(admin.username),
      password: decodeURIComponent(admin.password),
      connectTimeout: 5_000,
    });
  let connection: mysql.Connection;
  try {
    connection = await connect();
  } catch (error) {
    throw new Error(
      `MariaDB is not reachable at ${admin.host} as "${decodeURIComponent(admin.username)}" (${String(error)}). ` +
        'The MariaDB half of the libs/db tests needs a running server: start one (see INFRA-NOTES.md, MariaDB) ' +
        'or set MAJORANA_TEST_MARIADB_URL=mysql://user:password@host:port to an account that may CREATE DATABASE.',
    );
  }
  const name = `majorana_test_${randomBytes(6).toString('hex')}`;
  try {
    // The server's usual default collation, so the tests prove our columns do not depend on it.
    await connection.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
  } finally {
    await connection.end();
  }
  const url = new URL(MARIADB_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    options: { url: url.toString() },
    remove: async () => {
      const cleaner = await connect();
      try {
        await cleaner.query(`DROP DATABASE IF EXISTS ${name}`);
      } finally {
        await cleaner.end();
      }
    },
  };
}
