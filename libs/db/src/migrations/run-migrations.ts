import type { DataSource, QueryRunner } from 'typeorm';
import { DbErrorCode, DbException } from '../db.exception.js';
import { int, text } from '../data-source/row-values.js';
import { SqlRunner } from '../data-source/sql-runner.js';

export interface RunMigrationsOptions {
  /** How long a replica waits for another one that is migrating (MariaDB only). @default 60 */
  readonly lockTimeoutSeconds?: number;
}

/** Oldest MariaDB with DELETE … RETURNING, which the claim of a waiting job is built on. */
const MINIMUM_MARIADB: readonly [number, number] = [10, 5];

/**
 * Applies the pending migrations and returns their names (none when the schema is current). Safe to
 * call from several server replicas starting together: exactly one applies, the others wait for it and
 * then find nothing to do.
 *
 * - MariaDB: a named lock (`GET_LOCK`) held by one dedicated connection for the whole run. DDL commits
 *   implicitly on MariaDB, so a transaction could not serialise two migrators; the lock does, and the
 *   server drops it if the replica dies. Its name carries the database name so that two installations
 *   (or parallel test runs) on one server do not wait for each other.
 * - SQLite: `BEGIN IMMEDIATE` on the only connection takes the database's single write lock, so another
 *   process opening the same file waits (busy timeout) until we commit. SQLite's DDL is transactional,
 *   so every pending migration applies inside that one transaction, all or nothing.
 */
export async function runMigrations(dataSource: DataSource, options: RunMigrationsOptions = {}): Promise<string[]> {
  const runner = SqlRunner.for(dataSource);
  const applied = await runner.withConnection(async (connection) => {
    switch (runner.dialect.kind) {
      case 'sqlite':
        return migrateInOneSqliteTransaction(dataSource, connection);
      case 'mariadb':
        await assertSupportedMariaDb(connection);
        return migrateUnderMariaDbLock(dataSource, connection, options.lockTimeoutSeconds ?? 60);
    }
  });
  return applied.map((migration) => migration.name);
}

type Applied = Awaited<ReturnType<DataSource['runMigrations']>>;

async function migrateInOneSqliteTransaction(dataSource: DataSource, connection: QueryRunner): Promise<Applied> {
  await connection.query('BEGIN IMMEDIATE');
  try {
    // 'none': we already hold the transaction; TypeORM must not open its own.
    const applied = await dataSource.runMigrations({ transaction: 'none' });
    await connection.query('COMMIT');
    return applied;
  } catch (error) {
    await connection.query('ROLLBACK');
    throw error;
  }
}

const LOCK_NAME = "LEFT(CONCAT('majorana_migrations.', DATABASE()), 64)";

async function migrateUnderMariaDbLock(dataSource: DataSource, lockConnection: QueryRunner, timeoutSeconds: number): Promise<Applied> {
  const [row] = (await lockConnection.query(`SELECT GET_LOCK(${LOCK_NAME}, ?) AS acquired`, [timeoutSeconds])) as Record<string, unknown>[];
  if (row === undefined || row['acquired'] === null || int(row, 'acquired') !== 1) {
    throw new DbException(
      DbErrorCode.MigrationLockTimeout,
      `Another Majorana server held the migration lock for more than ${timeoutSeconds} s; check that its migration finished, then start again`,
    );
  }
  try {
    // Migrations run on other pooled connections; the lock stays with this one until released.
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lockConnection.query(`SELECT RELEASE_LOCK(${LOCK_NAME})`);
  }
}

async function assertSupportedMariaDb(connection: QueryRunner): Promise<void> {
  const [row] = (await connection.query('SELECT VERSION() AS version')) as Record<string, unknown>[];
  const version = row === undefined ? '' : text(row, 'version');
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [needMajor, needMinor] = MINIMUM_MARIADB;
  if (!version.includes('MariaDB') || major < needMajor || (major === needMajor && minor < needMinor)) {
    throw new DbException(
      DbErrorCode.UnsupportedServer,
      `Majorana needs MariaDB ${needMajor}.${needMinor} or newer (it claims jobs with DELETE … RETURNING); the server at MAJORANA_DB_URL is "${version}"`,
    );
  }
}
