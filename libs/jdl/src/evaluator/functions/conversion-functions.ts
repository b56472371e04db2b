import {
  booleanValue,
  errorValue,
  integerValue,
  realValue,
  stringValue,
  typeName,
  undefinedValue,
  type ClassAdValue,
} from '../classad-value.js';
import { argument, eager, type ClassAdFunction } from './class-ad-function.js';
import { toNumber, toText } from './value-conversion.js';

const INT64_LIMIT = 2 ** 63;

/** int(x): reals truncate toward zero, strings are read as numbers, booleans are 1 and 0; UNDEFINED is ERROR. */
const int = eager(1, 1, (args) => {
  const value = argument(args, 0);
  if (value.type === 'integer') {
    return value;
  }
  const number = toNumber(value);
  if (typeof number !== 'number') {
    return number;
  }
  return Number.isFinite(number) && Math.abs(number) < INT64_LIMIT
    ? integerValue(number)
    : errorValue(`${number} does not fit in an integer`);
});

/** real(x): integers, booleans and numeric strings become reals; UNDEFINED is ERROR. */
const real = eager(1, 1, (args) => {
  const number = toNumber(argument(args, 0));
  return typeof number === 'number' ? realValue(number) : number;
});

/** string(x): the value as text (see toText); UNDEFINED is ERROR. */
const string = eager(1, 1, (args) => {
  const text = toText(argument(args, 0));
  return typeof text === 'string' ? stringValue(text) : text;
});

/** bool(x): numbers are true unless zero, "true"/"false" in any case convert, other strings are UNDEFINED (HTCondor). */
const bool = eager(1, 1, (args) => toBoolean(argument(args, 0)));

function toBoolean(value: ClassAdValue): ClassAdValue {
  switch (value.type) {
    case 'boolean':
    case 'undefined':
    case 'error':
      return value;
    case 'integer':
    case 'real':
      return booleanValue(value.value !== 0);
    case 'string': {
      const text = value.value.toLowerCase();
      return text === 'true' ? booleanValue(true) : text === 'false' ? booleanValue(false) : undefinedValue();
    }
    case 'list':
    case 'classad':
      return errorValue(`cannot convert ${typeName(value)} to a boolean`);
  }
}

export const conversionFunctions: Readonly<Record<string, ClassAdFunction>> = { int, real, string, bool };
