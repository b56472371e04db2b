import { errorValue, integerValue, realValue, typeName, type ClassAdValue } from '../classad-value.js';
import { argument, eager, type ClassAdFunction } from './class-ad-function.js';
import { toNumber } from './value-conversion.js';

const INT64_LIMIT = 2 ** 63;

/**
 * floor, ceiling and round: an integer stays as it is; anything else goes through real() first
 * (so "3.9" works) and UNDEFINED or ERROR give ERROR, as the HTCondor manual specifies.
 */
function rounding(name: string, round: (value: number) => number): ClassAdFunction {
  return eager(1, 1, (args) => {
    const value = argument(args, 0);
    if (value.type === 'integer') {
      return value;
    }
    const number = toNumber(value);
    if (typeof number !== 'number') {
      return number;
    }
    const rounded = round(number);
    return Number.isFinite(rounded) && Math.abs(rounded) < INT64_LIMIT
      ? integerValue(rounded)
      : errorValue(`${name}(${number}) is not an integer`);
  });
}

/** C's rint in the default mode: to the nearest integer, halves to the even one. */
function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction !== 0.5) {
    return Math.round(value);
  }
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * pow(base, exponent): an integer when both are integers and the exponent is not negative,
 * otherwise a real. A result too large for a 64-bit integer, or not a finite real, is ERROR.
 */
const pow = eager(2, 2, (args) => {
  const [base, exponent] = [argument(args, 0), argument(args, 1)];
  if (base.type === 'integer' && exponent.type === 'integer' && exponent.value >= 0) {
    const result = base.value ** exponent.value;
    if (Number.isSafeInteger(result)) {
      return integerValue(result);
    }
    // Below 2^63 the exponent is at most 63, so the exact BigInt power stays small.
    return Math.abs(result) < INT64_LIMIT
      ? integerValue(Number(BigInt(base.value) ** BigInt(exponent.value)))
      : errorValue(`pow(${base.value}, ${exponent.value}) does not fit in an integer`);
  }
  const [b, e] = [toNumber(base), toNumber(exponent)];
  if (typeof b !== 'number') {
    return b;
  }
  if (typeof e !== 'number') {
    return e;
  }
  const result = b ** e;
  return Number.isFinite(result) ? realValue(result) : errorValue(`pow(${b}, ${e}) is not a finite number`);
});

/**
 * random([x]): an integer in [0, x) for an integer x > 0, a real in [0, x) for a real x, and
 * random() is random(1.0). The source is the evaluation context's `random`, so tests can fix it.
 */
const random = eager(0, 1, (args, context) => {
  const limit: ClassAdValue = args.length === 0 ? realValue(1) : argument(args, 0);
  if (limit.type === 'integer' && limit.value > 0) {
    return integerValue(Math.floor(context.random() * limit.value));
  }
  if (limit.type === 'real') {
    return realValue(limit.value * context.random());
  }
  if (limit.type === 'error') {
    return limit;
  }
  return errorValue(`random needs a positive integer or a real, got ${limit.type === 'integer' ? limit.value : typeName(limit)}`);
});

export const mathFunctions: Readonly<Record<string, ClassAdFunction>> = {
  floor: rounding('floor', Math.floor),
  ceiling: rounding('ceiling', Math.ceil),
  ceil: rounding('ceil', Math.ceil),
  round: rounding('round', roundHalfToEven),
  pow,
  random,
};
