import { arithmetic } from '../arithmetic-operators.js';
import {
  booleanValue,
  errorValue,
  integerValue,
  isNumber,
  realValue,
  typeName,
  undefinedValue,
  type ClassAdValue,
  type NumberValue,
} from '../classad-value.js';
import { compare, identical } from '../comparison-operators.js';
import { argument, eager, type ClassAdFunction } from './class-ad-function.js';

/**
 * member(x, list) compares with `==` (so strings ignore case); identicalMember(x, list) with `is`.
 * An UNDEFINED list is UNDEFINED, and so is an UNDEFINED `x` for member (identicalMember can look
 * for UNDEFINED). `x` must be a scalar.
 */
function member(identicalOnly: boolean): ClassAdFunction {
  return eager(2, 2, (args) => {
    const [wanted, list] = [argument(args, 0), argument(args, 1)];
    if (list.type === 'undefined' || (!identicalOnly && wanted.type === 'undefined')) {
      return undefinedValue();
    }
    if (list.type !== 'list' || wanted.type === 'list' || wanted.type === 'classad') {
      const error = [wanted, list].find((value) => value.type === 'error');
      return error ?? errorValue(`member needs a scalar and a list, got ${typeName(wanted)} and ${typeName(list)}`);
    }
    if (!identicalOnly && wanted.type === 'error') {
      return wanted;
    }
    const found = list.items.some((item) => {
      if (identicalOnly) {
        return identical(item, wanted);
      }
      const equal = compare('==', item, wanted);
      return equal.type === 'boolean' && equal.value;
    });
    return booleanValue(found);
  });
}

/** size(x): characters of a string, items of a list, attributes of a ClassAd; UNDEFINED stays UNDEFINED. */
const size = eager(1, 1, (args) => {
  const value = argument(args, 0);
  switch (value.type) {
    case 'string':
      return integerValue(Array.from(value.value).length);
    case 'list':
      return integerValue(value.items.length);
    case 'classad':
      return integerValue(value.ad.attributes.length);
    case 'undefined':
    case 'error':
      return value;
    case 'boolean':
    case 'integer':
    case 'real':
      return errorValue(`size needs a string, list or ClassAd, got ${typeName(value)}`);
  }
});

/** The numbers of a list argument, or the value to return instead (UNDEFINED list, ERROR, a non-number). */
function numbersOf(name: string, value: ClassAdValue): { readonly numbers: readonly NumberValue[] } | { readonly result: ClassAdValue } {
  if (value.type === 'undefined' || value.type === 'error') {
    return { result: value };
  }
  if (value.type !== 'list') {
    return { result: errorValue(`${name} needs a list, got ${typeName(value)}`) };
  }
  const wrong = value.items.find((item) => !isNumber(item));
  if (wrong) {
    return { result: wrong.type === 'error' ? wrong : errorValue(`${name} needs a list of numbers, found ${typeName(wrong)}`) };
  }
  return { numbers: value.items.filter(isNumber) };
}

/** A list-of-numbers function: sum, avg, min, max. */
function overNumbers(name: string, body: (numbers: readonly NumberValue[]) => ClassAdValue): ClassAdFunction {
  return eager(1, 1, (args) => {
    const list = numbersOf(name, argument(args, 0));
    return 'numbers' in list ? body(list.numbers) : list.result;
  });
}

/** sum(list): an integer unless some item is real; sum({}) is 0. */
function total(numbers: readonly NumberValue[]): ClassAdValue {
  return numbers.reduce<ClassAdValue>((accumulated, item) => arithmetic('+', accumulated, item), integerValue(0));
}

/** avg(list): always a real; avg({}) is 0.0. */
function average(numbers: readonly NumberValue[]): ClassAdValue {
  return numbers.length === 0 ? realValue(0) : arithmetic('/', total(numbers), realValue(numbers.length));
}

/** min(list) / max(list): a real if any item is real; UNDEFINED for an empty list. */
function bound(better: (candidate: number, best: number) => boolean): (numbers: readonly NumberValue[]) => ClassAdValue {
  return (numbers) => {
    let best: NumberValue | undefined;
    for (const item of numbers) {
      if (best === undefined || better(item.value, best.value)) {
        best = item;
      }
    }
    if (best === undefined) {
      return undefinedValue();
    }
    return numbers.some((item) => item.type === 'real') ? realValue(best.value) : best;
  };
}

export const listFunctions: Readonly<Record<string, ClassAdFunction>> = {
  member: member(false),
  identicalMember: member(true),
  size,
  sum: overNumbers('sum', total),
  avg: overNumbers('avg', average),
  min: overNumbers(
    'min',
    bound((candidate, best) => candidate < best),
  ),
  max: overNumbers(
    'max',
    bound((candidate, best) => candidate > best),
  ),
};
