import { DbErrorCode, DbException } from '../db.exception.js';

// MariaDB (strict mode) refuses a string longer than its VARCHAR while SQLite stores it whole; the
// repositories check or clip first so both databases behave alike. Lengths count code points, as
// MariaDB counts characters.

/** Throws a DbException naming `what` when `value` is longer than `max` characters. */
export function requireFits(value: string, max: number, what: string): string {
  if (value.length > max && Array.from(value).length > max) {
    throw new DbException(DbErrorCode.ValueTooLong, `${what} is longer than ${max} characters`);
  }
  return value;
}

/**
 * Cuts free-text statuses (minor and application status, reasons) to `max` characters: a pilot's
 * over-long application status should not make its report fail. DIRAC truncates the same way.
 */
export function clip(value: string, max: number): string {
  if (value.length <= max) {
    return value;
  }
  const codePoints = Array.from(value);
  return codePoints.length <= max ? value : codePoints.slice(0, max).join('');
}
