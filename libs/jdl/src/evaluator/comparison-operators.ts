import { booleanValue, errorValue, firstExceptional, isNumber, typeName, type ClassAdValue } from './classad-value.js';
import { sameExpression } from './same-expression.js';

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * `== != < <= > >=`, strict in ERROR and UNDEFINED. Numbers compare with integer→real promotion;
 * strings compare ignoring case (HTCondor uses strcasecmp for all six); booleans only for `==`
 * and `!=`. Anything else, including a string against a number, is ERROR.
 */
export function compare(op: ComparisonOperator, left: ClassAdValue, right: ClassAdValue): ClassAdValue {
  const exceptional = firstExceptional(left, right);
  if (exceptional) {
    return exceptional;
  }
  if (isNumber(left) && isNumber(right)) {
    return booleanValue(holds(op, numericOrder(left.value, right.value)));
  }
  if (left.type === 'string' && right.type === 'string') {
    return booleanValue(holds(op, compareIgnoringCase(left.value, right.value)));
  }
  if (left.type === 'boolean' && right.type === 'boolean' && (op === '==' || op === '!=')) {
    return booleanValue((left.value === right.value) === (op === '=='));
  }
  return errorValue(`cannot compare ${typeName(left)} ${op} ${typeName(right)}`);
}

/** -1, 0 or 1; NaN when either side is NaN, which is neither smaller, equal nor larger. */
function numericOrder(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
}

/** Whether `op` holds for an order of -1, 0, 1, or NaN (then only `!=` holds, as in C). */
function holds(op: ComparisonOperator, sign: number): boolean {
  if (Number.isNaN(sign)) {
    return op === '!=';
  }
  switch (op) {
    case '==':
      return sign === 0;
    case '!=':
      return sign !== 0;
    case '<':
      return sign < 0;
    case '<=':
      return sign <= 0;
    case '>':
      return sign > 0;
    case '>=':
      return sign >= 0;
  }
}

/** strcasecmp: -1, 0 or 1. */
export function compareIgnoringCase(a: string, b: string): number {
  return compareText(a.toLowerCase(), b.toLowerCase());
}

/** strcmp: -1, 0 or 1, by UTF-16 code unit. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `is` / `=?=`: never UNDEFINED or ERROR. True when both values have the same type and the same
 * value: strings case-sensitively, `1 is 1.0` is false (no promotion), `undefined is undefined` is
 * true, lists element by element, ClassAds when their text is the same up to layout.
 */
export function identical(left: ClassAdValue, right: ClassAdValue): boolean {
  switch (left.type) {
    case 'undefined':
    case 'error':
      return right.type === left.type;
    case 'boolean':
    case 'integer':
    case 'real':
    case 'string':
      return right.type === left.type && right.value === left.value;
    case 'list':
      return (
        right.type === 'list' &&
        right.items.length === left.items.length &&
        left.items.every((item, i) => {
          const other = right.items[i];
          return other !== undefined && identical(item, other);
        })
      );
    case 'classad':
      return right.type === 'classad' && sameExpression(left.ad, right.ad);
  }
}
