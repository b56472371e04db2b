import { errorValue, formatValue, typeName, type ClassAdValue, type ErrorValue } from '../classad-value.js';
import { formatInteger, formatReal } from '../format-number.js';

/*
 * The conversions behind string(), int() and real(), shared by every function that takes "AnyType
 * converted by string()" arguments. As the HTCondor manual specifies, UNDEFINED and ERROR do not
 * convert: the result is ERROR.
 */

/** The text string() gives: integers and reals as ClassAd literals, booleans `true`/`false`, lists and ads as ClassAd text. */
export function toText(value: ClassAdValue): string | ErrorValue {
  switch (value.type) {
    case 'string':
      return value.value;
    case 'integer':
      return formatInteger(value.value);
    case 'real':
      return formatReal(value.value);
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'list':
    case 'classad':
      return formatValue(value);
    case 'undefined':
      return errorValue('cannot convert undefined to a string');
    case 'error':
      return value;
  }
}

/** Converts every value, or returns the first failure. */
export function toTexts(values: readonly ClassAdValue[]): string[] | ErrorValue {
  const texts: string[] = [];
  for (const value of values) {
    const text = toText(value);
    if (typeof text !== 'string') {
      return text;
    }
    texts.push(text);
  }
  return texts;
}

export interface ParsedNumber {
  readonly type: 'integer' | 'real';
  readonly value: number;
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const REAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY_TEXT = /^([+-]?)inf(?:inity)?$/i;
const NAN_TEXT = /^[+-]?nan$/i;

/**
 * Reads a number from a string, as int() and real() do. Unlike C's atoi the whole string (less
 * surrounding blanks) must be the number, so `"12abc"` is not silently 12. `INF` and `NaN` are
 * accepted because that is how HTCondor writes those reals.
 */
export function parseNumber(text: string): ParsedNumber | null {
  const trimmed = text.trim();
  if (INTEGER_TEXT.test(trimmed)) {
    return { type: 'integer', value: Number(trimmed) };
  }
  if (REAL_TEXT.test(trimmed)) {
    return { type: 'real', value: Number(trimmed) };
  }
  const infinity = INFINITY_TEXT.exec(trimmed);
  if (infinity) {
    return { type: 'real', value: infinity[1] === '-' ? -Infinity : Infinity };
  }
  return NAN_TEXT.test(trimmed) ? { type: 'real', value: NaN } : null;
}

/** The real number real() would give, or why there is none. */
export function toNumber(value: ClassAdValue): number | ErrorValue {
  switch (value.type) {
    case 'integer':
    case 'real':
      return value.value;
    case 'boolean':
      return value.value ? 1 : 0;
    case 'string': {
      const parsed = parseNumber(value.value);
      return parsed ? parsed.value : errorValue(`${JSON.stringify(value.value)} is not a number`);
    }
    case 'error':
      return value;
    case 'undefined':
    case 'list':
    case 'classad':
      return errorValue(`cannot convert ${typeName(value)} to a number`);
  }
}
