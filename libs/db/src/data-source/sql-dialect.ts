import type { DataSource, TableColumnOptions } from 'typeorm';
import { DbErrorCode, DbException } from '../db.exception.js';

/** The two databases Majorana runs on: embedded SQLite (`majorana up`) and MariaDB (replicas). */
export type DatabaseKind = 'sqlite' | 'mariadb';

/** The parts of a column definition that differ per database (used by the migrations). */
export type ColumnTypeOptions = Pick<TableColumnOptions, 'type' | 'length' | 'charset' | 'collation'>;

/**
 * Everything that differs between SQLite and MariaDB lives here, so the repositories have one code
 * path and the differences can be read side by side. The rest of the SQL is written in the common
 * subset: `?` placeholders, and backticks around the two names MySQL reserves (`key`, `groups`),
 * which SQLite accepts for MySQL compatibility.
 *
 * The column helpers are used by migrations: what they return for a given call must never change
 * (an applied migration would then describe a different schema); add a new helper instead.
 */
export interface SqlDialect {
  readonly kind: DatabaseKind;
  /**
   * better-sqlite3 is ONE connection shared by every caller in the process, so two interleaved
   * transactions would nest into each other; the SqlRunner serialises work when this is true.
   */
  readonly singleConnection: boolean;
  /** Opens a write transaction. */
  readonly beginTransaction: string;
  /** Run before `beginTransaction` to choose the next transaction's isolation level (null: the default). */
  readonly transactionIsolation: string | null;
  /** The most `?` one statement may bind (chunk multi-row inserts below it). */
  readonly maxParameters: number;
  /**
   * THE atomic claim: one statement that deletes the best waiting entry of one task queue (bound
   * parameter: the task queue id) and returns its `jobId`, so two claimers never get the same job.
   */
  readonly claimFromTaskQueue: string;
  /** Suffix of a SELECT inside a transaction that locks the rows it reads until the commit ('' where one writer is the rule). */
  readonly lockRows: string;
  /** Suffix for `INSERT … VALUES …` that silently skips rows whose `key` columns already exist. */
  onConflictDoNothing(key: readonly string[], anyColumn: string): string;
  /** Suffix for `INSERT … VALUES …` that overwrites `update` columns of rows whose `key` exists. */
  onConflictUpdate(key: readonly string[], update: readonly string[]): string;
  /** `column LIKE ?` ignoring case, with the user's `%`/`_` wildcards and `\` as escape. */
  likeIgnoringCase(column: string): string;
  /** True for errors after which re-running the whole transaction is the documented remedy. */
  isDeadlock(error: unknown): boolean;
  readonly columns: {
    /** Short text compared exactly (case and accents matter), as SQLite does by default. */
    readonly string: (length: number) => ColumnTypeOptions;
    /** Text up to 64 KiB. */
    readonly text: () => ColumnTypeOptions;
    /** Text up to 16 MiB (JDLs, task-queue definitions). */
    readonly longText: () => ColumnTypeOptions;
  };
}

const sqlite: SqlDialect = {
  kind: 'sqlite',
  singleConnection: true,
  // BEGIN IMMEDIATE already holds the database's one write lock for the whole transaction.
  lockRows: '',
  // IMMEDIATE takes the write lock at once: a deferred transaction that reads first and writes later
  // can fail with SQLITE_BUSY (without waiting) when another process wrote in between.
  beginTransaction: 'BEGIN IMMEDIATE',
  transactionIsolation: null, // one writer at a time: serializable anyway
  maxParameters: 32766,
  claimFromTaskQueue:
    'DELETE FROM waiting_jobs WHERE jobId = ' +
    '(SELECT jobId FROM waiting_jobs WHERE taskQueueId = ? ORDER BY userPriority DESC, jobId LIMIT 1) RETURNING jobId',
  onConflictDoNothing: (key) => ` ON CONFLICT (${key.join(', ')}) DO NOTHING`,
  onConflictUpdate: (key, update) =>
    ` ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${update.map((c) => `${c} = excluded.${c}`).join(', ')}`,
  // SQLite's LIKE already ignores ASCII case; it has no escape character unless told.
  // SQLite's LIKE folds ASCII only: both sides go through JavaScript's toLowerCase (registered as
  // majorana_lower in create-data-source.ts) so `like` answers as on MariaDB: any case, accents kept.
  likeIgnoringCase: (column) => `majorana_lower(${column}) LIKE majorana_lower(?) ESCAPE '\\'`,
  isDeadlock: () => false,
  columns: {
    string: (length) => ({ type: 'varchar', length: String(length) }),
    text: () => ({ type: 'text' }),
    longText: () => ({ type: 'text' }),
  },
};

// utf8mb4_bin: exact comparisons like SQLite's BINARY collation, so `owner = 'alice'` never matches
// 'Alice' on one database and not on the other (MariaDB's default collation ignores case).
const BINARY_TEXT = { charset: 'utf8mb4', collation: 'utf8mb4_bin' } as const;

const mariadb: SqlDialect = {
  kind: 'mariadb',
  singleConnection: false,
  beginTransaction: 'START TRANSACTION',
  // InnoDB's default REPEATABLE READ also locks the gaps between index entries it scans, so batches of
  // claims on neighbouring task queues (and their jobs' status-index entries) deadlock each other all
  // the time. Every transaction here locks exactly the rows it reads (FOR UPDATE, compare-and-set,
  // DELETE … RETURNING), which READ COMMITTED keeps. (Needs binlog_format MIXED or ROW, MariaDB's default.)
  transactionIsolation: 'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
  lockRows: ' FOR UPDATE',
  // mysql2's query() interpolates client-side; the real limit is max_allowed_packet, so stay modest.
  maxParameters: 30000,
  // MariaDB ≥ 10.5 returns rows from a single-table DELETE with ORDER BY/LIMIT. InnoDB locks the head
  // entry; a concurrent claimer waits for it, then skips the deleted row and takes the next one.
  claimFromTaskQueue: 'DELETE FROM waiting_jobs WHERE taskQueueId = ? ORDER BY userPriority DESC, jobId LIMIT 1 RETURNING jobId',
  // Not INSERT IGNORE: that would also swallow truncation and NOT NULL errors.
  onConflictDoNothing: (_key, anyColumn) => ` ON DUPLICATE KEY UPDATE ${anyColumn} = ${anyColumn}`,
  onConflictUpdate: (_key, update) => ` ON DUPLICATE KEY UPDATE ${update.map((c) => `${c} = VALUES(${c})`).join(', ')}`,
  // `\` is MariaDB's default LIKE escape already (spelling it out would depend on sql_mode).
  // Not utf8mb4_general_ci: it also ignores accents ('cafe' would find 'café'), which SQLite cannot match.
  likeIgnoringCase: (column) => `LOWER(${column}) LIKE LOWER(?) COLLATE utf8mb4_bin`,
  isDeadlock: (error) => mysqlErrno(error) === 1213,
  columns: {
    string: (length) => ({ type: 'varchar', length: String(length), ...BINARY_TEXT }),
    text: () => ({ type: 'text', ...BINARY_TEXT }),
    longText: () => ({ type: 'mediumtext', ...BINARY_TEXT }),
  },
};

/** The dialect of a data source made by `createDataSource`. */
export function dialectOf(dataSource: DataSource): SqlDialect {
  const type = dataSource.options.type;
  switch (type) {
    case 'better-sqlite3':
      return sqlite;
    case 'mysql':
    case 'mariadb':
      return mariadb;
    default:
      throw new DbException(DbErrorCode.UnsupportedServer, `Majorana stores its data in SQLite or MariaDB, not "${type}"`);
  }
}

function mysqlErrno(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  // TypeORM's QueryFailedError copies the driver error's fields and also keeps it as driverError.
  const own = (error as { errno?: unknown }).errno;
  if (typeof own === 'number') {
    return own;
  }
  const driverError = (error as { driverError?: unknown }).driverError;
  return driverError === undefined ? undefined : mysqlErrno(driverError);
}
