import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { dialectOf, type SqlDialect } from './sql-dialect.js';

/** What may be bound to a `?`. Timestamps are integer milliseconds, booleans are not used. */
export type SqlValue = string | number | null;

/** A raw result row; repositories turn it into a typed record with the helpers of `row-values.ts`. */
export type SqlRow = Readonly<Record<string, unknown>>;

/** Runs SQL either as single autocommitted statements or inside one transaction. */
export interface Sql {
  readonly dialect: SqlDialect;
  /** Runs a statement that returns rows (SELECT, or INSERT/DELETE … RETURNING). */
  rows(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs a statement and returns how many rows it matched (MariaDB is asked for found rows, not changed ones). */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/** How often a statement or transaction chosen as a deadlock victim is run again before giving up. */
const DEADLOCK_ATTEMPTS = 8;
/** Upper bound of the random pause before the first re-run, growing with each attempt (ms). */
const DEADLOCK_PAUSE_MS = 5;

/**
 * The one way the repositories reach the database. There is one SqlRunner per DataSource (shared by
 * every repository built on it) because of SQLite: better-sqlite3 is a single connection, and TypeORM
 * turns a second `BEGIN` on it into a SAVEPOINT of the first, so two concurrent requests would share
 * (and roll back) each other's work. On SQLite every unit of work therefore waits for the previous one;
 * the database does its work synchronously anyway, so nothing is lost. On MariaDB each unit of work
 * takes its own pooled connection and runs in parallel.
 *
 * Inside `transaction(work)`, use only the `tx` handed to `work`: calling the runner again from there
 * would wait for the transaction itself on SQLite.
 */
export class SqlRunner implements Sql {
  private static readonly byDataSource = new WeakMap<DataSource, SqlRunner>();

  static for(dataSource: DataSource): SqlRunner {
    let runner = SqlRunner.byDataSource.get(dataSource);
    if (runner === undefined) {
      runner = new SqlRunner(dataSource);
      SqlRunner.byDataSource.set(dataSource, runner);
    }
    return runner;
  }

  readonly dialect: SqlDialect;
  private tail: Promise<unknown> = Promise.resolve();
  private direct: DirectSqliteSql | undefined;

  private constructor(private readonly dataSource: DataSource) {
    this.dialect = dialectOf(dataSource);
  }

  rows(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    const direct = this.directSqlite();
    if (direct !== undefined) {
      return this.serialized(() => direct.rows(sql, params));
    }
    // An autocommitted statement is atomic, so running it again after a deadlock is safe.
    return this.withConnection((runner) => this.retryingDeadlocks(() => rowsOn(runner, sql, params)));
  }

  execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const direct = this.directSqlite();
    if (direct !== undefined) {
      return this.serialized(() => direct.execute(sql, params));
    }
    return this.withConnection((runner) => this.retryingDeadlocks(() => executeOn(runner, sql, params)));
  }

  /**
   * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it
   * throws. A deadlock victim is rolled back by MariaDB and run again from the start, so `work` must
   * touch nothing but the database.
   */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    const direct = this.directSqlite();
    if (direct !== undefined) {
      return this.serialized(() => direct.transaction(work));
    }
    return this.withConnection((runner) =>
      this.retryingDeadlocks(async () => {
        if (this.dialect.transactionIsolation !== null) {
          await runner.query(this.dialect.transactionIsolation);
        }
        await runner.query(this.dialect.beginTransaction);
        try {
          const result = await work(new QueryRunnerSql(runner, this.dialect));
          await runner.query('COMMIT');
          return result;
        } catch (error) {
          await runner.query('ROLLBACK').catch(() => {
            // The database may already have rolled back (deadlock, disk full): keep the first error.
          });
          throw error;
        }
      }),
    );
  }

  /** Gives `work` a connection of its own until it settles (on SQLite: after all work queued before). */
  withConnection<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    return this.serialized(async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        return await work(runner);
      } finally {
        await runner.release();
      }
    });
  }

  /** Gives `work` TypeORM's entity API on a connection of its own (for the simple tables). */
  withManager<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.withConnection((runner) => work(runner.manager));
  }

  /**
   * On SQLite, the raw better-sqlite3 connection TypeORM opened, wrapped with a statement cache: the
   * matcher's hot path spends most of its time in TypeORM's per-query machinery otherwise (query
   * runner, logging, result objects), and the SQL is ours anyway. Same connection, same serialisation.
   */
  private directSqlite(): DirectSqliteSql | undefined {
    if (this.direct === undefined && this.dialect.kind === 'sqlite' && this.dataSource.isInitialized) {
      const handle = (this.dataSource.driver as unknown as { databaseConnection?: SqliteHandle }).databaseConnection;
      if (handle !== undefined) {
        this.direct = new DirectSqliteSql(handle, this.dialect);
      }
    }
    return this.direct;
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    if (!this.dialect.singleConnection) {
      return work();
    }
    const result = this.tail.then(work);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async retryingDeadlocks<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (attempt >= DEADLOCK_ATTEMPTS || !this.dialect.isDeadlock(error)) {
          throw error;
        }
        // A short random pause, so the two victims of one deadlock do not collide again at once.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * DEADLOCK_PAUSE_MS * attempt));
      }
    }
  }
}

class QueryRunnerSql implements Sql {
  constructor(
    private readonly runner: QueryRunner,
    readonly dialect: SqlDialect,
  ) {}

  rows(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    return rowsOn(this.runner, sql, params);
  }

  execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return executeOn(this.runner, sql, params);
  }
}

async function rowsOn(runner: QueryRunner, sql: string, params: readonly SqlValue[]): Promise<SqlRow[]> {
  const result = await runner.query(sql, [...params], true);
  return result.records as SqlRow[];
}

async function executeOn(runner: QueryRunner, sql: string, params: readonly SqlValue[]): Promise<number> {
  const result = await runner.query(sql, [...params], true);
  return result.affected ?? 0;
}

/** The parts of better-sqlite3's API the direct path uses. */
interface SqliteHandle {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
}

interface SqliteStatement {
  all(...params: SqlValue[]): unknown[];
  run(...params: SqlValue[]): { changes: number };
}

/** Distinct statements kept prepared; `IN (?, ?, …)` lists of many lengths must not grow it forever. */
const STATEMENT_CACHE_SIZE = 256;

class DirectSqliteSql implements Sql {
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(
    private readonly db: SqliteHandle,
    readonly dialect: SqlDialect,
  ) {}

  // better-sqlite3 answers synchronously; async turns its exceptions into rejections like the other path's.
  // eslint-disable-next-line @typescript-eslint/require-await
  async rows(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    return this.prepared(sql).all(...params) as SqlRow[];
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.prepared(sql).run(...params).changes;
  }

  /** Must run serialised (see SqlRunner): nothing else may use the connection until it settles. */
  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    this.db.exec(this.dialect.beginTransaction);
    try {
      const result = await work(this);
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // SQLite may already have rolled back (disk full, I/O error): keep the first error.
      }
      throw error;
    }
  }

  private prepared(sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.statements.keys().next();
        if (oldest.done !== true) {
          this.statements.delete(oldest.value);
        }
      }
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
