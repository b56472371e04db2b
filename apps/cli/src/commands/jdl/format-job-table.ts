import type { JsonValue } from '@majorana/jdl';

/** Two aligned columns, attribute and value; lists joined with ", ", unset values shown as "-", empty text as "". */
export function formatJobTable(object: Record<string, JsonValue>): string {
  const width = Math.max(...Object.keys(object).map((name) => name.length));
  return Object.entries(object)
    .map(([name, value]) => `${name.padEnd(width)}  ${formatValue(value)}\n`)
    .join('');
}

function formatValue(value: JsonValue): string {
  if (value === null) {
    return '-';
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? '(none)' : value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ');
  }
  if (value === '') {
    return '""';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
