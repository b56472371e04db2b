import type { SqlRow } from './sql-runner.js';

// Drivers differ in what they hand back: better-sqlite3 gives numbers, mysql2 gives numbers or
// (for BIGINT beyond 2^53, or DECIMAL results such as SUM) strings. Records always carry numbers.

export function int(row: SqlRow, column: string): number {
  const value = row[column];
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string' || typeof value === 'bigint') {
    return Number(value);
  }
  throw new TypeError(`column ${column} is ${String(value)}, expected an integer`);
}

export function intOrNull(row: SqlRow, column: string): number | null {
  return row[column] === null || row[column] === undefined ? null : int(row, column);
}

export function text(row: SqlRow, column: string): string {
  const value = row[column];
  if (typeof value === 'string') {
    return value;
  }
  if (value instanceof Uint8Array) {
    return Buffer.from(value).toString('utf8');
  }
  throw new TypeError(`column ${column} is ${String(value)}, expected text`);
}

export function textOrNull(row: SqlRow, column: string): string | null {
  return row[column] === null || row[column] === undefined ? null : text(row, column);
}

/** `(?, ?, ?)` for one row of `width` values. */
export function placeholders(width: number): string {
  return `(${new Array<string>(width).fill('?').join(', ')})`;
}

/** Splits `items` into runs of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}
