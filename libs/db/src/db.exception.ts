import { MajoranaException } from '@majorana/domain';

/** Why the persistence layer refused; stable strings, safe to match on. */
export enum DbErrorCode {
  /** MAJORANA_DB_URL (or the options given to createDataSource) cannot be used. */
  InvalidConfiguration = 'DB_INVALID_CONFIGURATION',
  /** The database server is one we cannot run on (e.g. MySQL instead of MariaDB ≥ 10.5). */
  UnsupportedServer = 'DB_UNSUPPORTED_SERVER',
  /** Another replica held the migration lock for longer than we wait. */
  MigrationLockTimeout = 'DB_MIGRATION_LOCK_TIMEOUT',
  /** A search or summary asked for something outside the whitelist (column, operator, page). */
  InvalidQuery = 'DB_INVALID_QUERY',
  /** A value to store is longer than its column (checked first, so SQLite and MariaDB agree). */
  ValueTooLong = 'DB_VALUE_TOO_LONG',
}

export class DbException extends MajoranaException<DbErrorCode> {}
