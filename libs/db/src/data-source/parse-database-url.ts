import { DbErrorCode, DbException } from '../db.exception.js';

/** The parts of `MAJORANA_DB_URL` the MariaDB/MySQL driver needs. */
export interface MysqlConnectionSettings {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly database: string;
}

const EXPECTED_FORM = 'MAJORANA_DB_URL must look like mysql://user:password@host:3306/database';

/**
 * Reads `mysql://user:password@host:3306/database` (`mariadb://` is accepted as a synonym).
 * Percent-encoded user names and passwords are decoded, so a password may contain `@` or `/`.
 * The port defaults to 3306. Anything else (another scheme, no host, no database, a path with
 * more than one segment) is refused with the expected form, so a typo stops start-up clearly.
 */
export function parseDatabaseUrl(url: string): MysqlConnectionSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(url, 'it is not a URL');
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw invalid(url, `the scheme is "${parsed.protocol.replace(/:$/, '')}", not mysql`);
  }
  if (parsed.hostname === '') {
    throw invalid(url, 'the host is missing');
  }
  if (parsed.username === '') {
    throw invalid(url, 'the user is missing');
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) {
    throw invalid(url, 'the path must be exactly one database name');
  }
  const port = parsed.port === '' ? 3306 : Number(parsed.port);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database,
  };
}

function invalid(url: string, why: string): DbException {
  // Never echo the password back into logs.
  const shown = url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  return new DbException(DbErrorCode.InvalidConfiguration, `${EXPECTED_FORM}; got "${shown}": ${why}`);
}
