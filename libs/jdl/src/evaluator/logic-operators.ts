import { booleanValue, errorValue, typeName, undefinedValue, type ClassAdValue } from './classad-value.js';

/*
 * The three-valued `&&`, `||` and `!` of HTCondor ClassAds. They are not strict: a decisive operand
 * squashes UNDEFINED (`undefined && false` is false) and the right side is not evaluated when the
 * left decides. Numbers stand for booleans (0 is false); any other type is ERROR.
 */

/** An operand as logic sees it: a truth value, or UNDEFINED/ERROR. */
type Truth = boolean | ClassAdValue;

function truthOf(value: ClassAdValue, operator: string): Truth {
  switch (value.type) {
    case 'boolean':
      return value.value;
    case 'integer':
    case 'real':
      return value.value !== 0;
    case 'undefined':
    case 'error':
      return value;
    case 'string':
    case 'list':
    case 'classad':
      return errorValue(`${operator} needs booleans, got ${typeName(value)}`);
  }
}

function toValue(truth: Truth): ClassAdValue {
  return typeof truth === 'boolean' ? booleanValue(truth) : truth;
}

/** `left && right`; `right` is only called when `left` does not decide the result. */
export function logicalAnd(left: ClassAdValue, right: () => ClassAdValue): ClassAdValue {
  const l = truthOf(left, '&&');
  if (l === false) {
    return booleanValue(false);
  }
  if (typeof l !== 'boolean' && l.type === 'error') {
    return l;
  }
  const r = truthOf(right(), '&&');
  if (l === true) {
    return toValue(r);
  }
  // left is UNDEFINED: only a false right side decides; ERROR wins over UNDEFINED.
  return r === false ? booleanValue(false) : r === true ? undefinedValue() : r;
}

/** `left || right`; `right` is only called when `left` does not decide the result. */
export function logicalOr(left: ClassAdValue, right: () => ClassAdValue): ClassAdValue {
  const l = truthOf(left, '||');
  if (l === true) {
    return booleanValue(true);
  }
  if (typeof l !== 'boolean' && l.type === 'error') {
    return l;
  }
  const r = truthOf(right(), '||');
  if (l === false) {
    return toValue(r);
  }
  // left is UNDEFINED: only a true right side decides; ERROR wins over UNDEFINED.
  return r === true ? booleanValue(true) : r === false ? undefinedValue() : r;
}

/** `!operand`: UNDEFINED and ERROR pass through. */
export function logicalNot(operand: ClassAdValue): ClassAdValue {
  const truth = truthOf(operand, '!');
  return typeof truth === 'boolean' ? booleanValue(!truth) : truth;
}
