import { DataSource } from 'typeorm';
import { DbErrorCode, DbException } from '../db.exception.js';
import { ALL_ENTITIES } from '../entities/all-entities.js';
import { ALL_MIGRATIONS } from '../migrations/all-migrations.js';
import { parseDatabaseUrl } from './parse-database-url.js';
import { SqliteCheckpointer, WAL_SIZE_LIMIT_BYTES } from './sqlite-checkpointer.js';

export interface CreateDataSourceOptions {
  /** MariaDB/MySQL: `mysql://user:password@host:3306/database` (MAJORANA_DB_URL). */
  readonly url?: string;
  /** Embedded SQLite: a file path (its folder is created), or `:memory:`. */
  readonly sqlitePath?: string;
  /** Log every statement through TypeORM's console logger. @default false */
  readonly logging?: boolean;
}

/**
 * Connections kept by each server replica. A claim or a transition holds one for a single short
 * statement or transaction; ten per replica keeps a few replicas well under MariaDB's default
 * max_connections (151).
 */
const MARIADB_POOL_SIZE = 10;

/** How long a SQLite statement waits for another process's write lock before failing (ms). */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;
/** SQLite's page cache per connection, KiB. */
const SQLITE_CACHE_KIB = 64 * 1024;
/** How much of the SQLite file is read through a memory map. */
const SQLITE_MMAP_BYTES = 1024 * 1024 * 1024;

/**
 * Makes (but does not initialize) the DataSource for exactly one of `url` or `sqlitePath`. The schema is
 * only ever changed by `runMigrations` (`synchronize` is always off). Throws a DbException naming
 * MAJORANA_DB_URL's expected form when the URL cannot be used.
 */
export function createDataSource(options: CreateDataSourceOptions): DataSource {
  const logging = options.logging ?? false;
  const common = { entities: ALL_ENTITIES, migrations: ALL_MIGRATIONS, synchronize: false, migrationsRun: false, logging } as const;
  if ((options.url === undefined) === (options.sqlitePath === undefined)) {
    throw new DbException(
      DbErrorCode.InvalidConfiguration,
      'Give the database either as a MAJORANA_DB_URL (mysql://user:password@host:3306/database) or as a SQLite file, not both or neither',
    );
  }
  if (options.sqlitePath !== undefined) {
    return new SqliteDataSource(options.sqlitePath, {
      ...common,
      type: 'better-sqlite3',
      database: options.sqlitePath,
      timeout: SQLITE_BUSY_TIMEOUT_MS,
      // WAL lets readers (the CLI, a second process) work while the server writes; NORMAL syncs at
      // checkpoints only, which in WAL mode still never corrupts the file (a power cut may lose the
      // last commits, which a restarted server tolerates: pilots re-report their jobs).
      prepareDatabase: (db: {
        pragma(source: string): unknown;
        function(name: string, options: object, fn: (value: unknown) => unknown): unknown;
      }) => {
        db.pragma('journal_mode = WAL');
        // Unicode-aware lower case for `like` (see sql-dialect.ts); deterministic, so SQLite may cache it.
        db.function('majorana_lower', { deterministic: true }, (value) => (typeof value === 'string' ? value.toLowerCase() : value));
        db.pragma('synchronous = NORMAL');
        db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
        db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
        // The default page cache is 2 MiB: with a million jobs the pages a match touches (queue heads,
        // job rows, the logging and attempt indexes) no longer fit, and every match read them back
        // through the OS. A bigger cache plus reads through mmap keep the match rate flat as the
        // tables grow; both take memory only as pages are used.
        db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
        db.pragma(`mmap_size = ${SQLITE_MMAP_BYTES}`);
      },
    });
  }
  const settings = parseDatabaseUrl(options.url ?? '');
  return new DataSource({
    ...common,
    // 'mariadb', not 'mysql': TypeORM then reads MariaDB's catalogue correctly (runMigrations refuses MySQL).
    type: 'mariadb',
    host: settings.host,
    port: settings.port,
    username: settings.username,
    password: settings.password,
    database: settings.database,
    poolSize: MARIADB_POOL_SIZE,
    charset: 'utf8mb4',
    // Numbers come back as numbers while they are exact (BIGINT milliseconds always are).
    supportBigNumbers: true,
    bigNumberStrings: false,
  });
}

interface PragmaHandle {
  pragma(source: string): unknown;
}

/** SQLite with its write-ahead log checkpointed off the event loop (see SqliteCheckpointer). */
class SqliteDataSource extends DataSource {
  private checkpointer: SqliteCheckpointer | undefined;

  constructor(
    private readonly file: string,
    options: ConstructorParameters<typeof DataSource>[0],
  ) {
    super(options);
  }

  override async initialize(): Promise<this> {
    await super.initialize();
    if (this.file !== ':memory:') {
      const db = (this.driver as unknown as { databaseConnection: PragmaHandle }).databaseConnection;
      db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = SqliteCheckpointer.start(this.file, (message) => {
        // Without the worker, SQLite's own checkpoints (slower, but safe) keep the WAL from growing.
        db.pragma('wal_autocheckpoint = 1000');
        process.emitWarning(`SQLite background checkpoints stopped (${message}); SQLite checkpoints by itself again`);
      });
    }
    return this;
  }

  override async destroy(): Promise<void> {
    await this.checkpointer?.stop();
    this.checkpointer = undefined;
    await super.destroy();
  }
}
