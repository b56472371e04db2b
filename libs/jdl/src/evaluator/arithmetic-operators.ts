import {
  errorValue,
  firstExceptional,
  integerValue,
  isExceptional,
  isNumber,
  realValue,
  typeName,
  type ClassAdValue,
} from './classad-value.js';

/*
 * Arithmetic and bitwise operators. All are strict (ERROR, then UNDEFINED, passes through) and work
 * on integers and reals; in arithmetic a boolean counts as 0 or 1, as HTCondor's library does (its
 * manual says otherwise, but ranks such as `Rank = (other.Site == "X") * 10 + other.Memory` rely on
 * it). Strings are not numbers and `+` does not concatenate. Integers are 64-bit as in HTCondor: results that leave the
 * range JavaScript numbers hold exactly are computed with BigInt and wrapped to 64 bits.
 */

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
export type BitwiseOperator = '&' | '|' | '^' | '<<' | '>>' | '>>>';

/** A boolean as the integer 0 or 1, for arithmetic; any other value unchanged. */
function booleanAsInteger(value: ClassAdValue): ClassAdValue {
  return value.type === 'boolean' ? integerValue(value.value ? 1 : 0) : value;
}

export function arithmetic(op: ArithmeticOperator, leftOperand: ClassAdValue, rightOperand: ClassAdValue): ClassAdValue {
  const left = booleanAsInteger(leftOperand);
  const right = booleanAsInteger(rightOperand);
  const exceptional = firstExceptional(left, right);
  if (exceptional) {
    return exceptional;
  }
  if (!isNumber(left) || !isNumber(right)) {
    return errorValue(`${op} needs numbers, got ${typeName(left)} and ${typeName(right)}`);
  }
  if (left.type === 'integer' && right.type === 'integer') {
    return integerArithmetic(op, left.value, right.value);
  }
  return realArithmetic(op, left.value, right.value);
}

function integerArithmetic(op: ArithmeticOperator, a: number, b: number): ClassAdValue {
  switch (op) {
    case '+':
      return exactOrWrapped(a + b, () => BigInt(a) + BigInt(b));
    case '-':
      return exactOrWrapped(a - b, () => BigInt(a) - BigInt(b));
    case '*':
      return exactOrWrapped(a * b, () => BigInt(a) * BigInt(b));
    case '/':
      // Truncates toward zero, like C; BigInt division is exact where a / b on doubles may round up.
      return b === 0 ? errorValue('division by zero') : fromInt64(BigInt(a) / BigInt(b));
    case '%':
      // The sign follows the dividend, like C.
      return b === 0 ? errorValue('modulo by zero') : exactOrWrapped(a % b, () => BigInt(a) % BigInt(b));
  }
}

function exactOrWrapped(result: number, exact: () => bigint): ClassAdValue {
  return integerValue(Number.isSafeInteger(result) ? result : Number(BigInt.asIntN(64, exact())));
}

function realArithmetic(op: ArithmeticOperator, a: number, b: number): ClassAdValue {
  let result: number;
  switch (op) {
    case '+':
      result = a + b;
      break;
    case '-':
      result = a - b;
      break;
    case '*':
      result = a * b;
      break;
    case '/':
      if (b === 0) {
        return errorValue('division by zero');
      }
      result = a / b;
      break;
    case '%':
      // HTCondor refuses a real modulus (it reports EDOM).
      return errorValue('% needs integers');
  }
  // HTCondor turns an overflow to infinity into ERROR rather than carry an infinite real around.
  return Number.isFinite(result) ? realValue(result) : errorValue(`real overflow in ${op}`);
}

/** Unary `-`. */
export function negate(operand: ClassAdValue): ClassAdValue {
  if (isExceptional(operand)) {
    return operand;
  }
  if (operand.type === 'integer') {
    return exactOrWrapped(-operand.value, () => -BigInt(operand.value));
  }
  return operand.type === 'real' ? realValue(-operand.value) : errorValue(`unary - needs a number, got ${typeName(operand)}`);
}

/** Unary `+`: numbers, UNDEFINED and ERROR pass through; anything else is ERROR. */
export function unaryPlus(operand: ClassAdValue): ClassAdValue {
  return isExceptional(operand) || isNumber(operand) ? operand : errorValue(`unary + needs a number, got ${typeName(operand)}`);
}

export function bitwise(op: BitwiseOperator, left: ClassAdValue, right: ClassAdValue): ClassAdValue {
  const exceptional = firstExceptional(left, right);
  if (exceptional) {
    return exceptional;
  }
  if (left.type !== 'integer' || right.type !== 'integer') {
    return errorValue(`${op} needs integers, got ${typeName(left)} and ${typeName(right)}`);
  }
  const a = BigInt(left.value);
  const b = BigInt(right.value);
  switch (op) {
    case '&':
      return fromInt64(a & b);
    case '|':
      return fromInt64(a | b);
    case '^':
      return fromInt64(a ^ b);
    case '<<':
    case '>>':
    case '>>>':
      return shift(op, a, b);
  }
}

function shift(op: '<<' | '>>' | '>>>', a: bigint, count: bigint): ClassAdValue {
  // C leaves negative and oversized shift counts undefined; give them a defined, documented meaning.
  if (count < 0n) {
    return errorValue(`${op} needs a shift count of 0 or more`);
  }
  const bits = count > 64n ? 64n : count;
  switch (op) {
    case '<<':
      return fromInt64(a << bits);
    case '>>':
      return fromInt64(a >> bits); // arithmetic: the sign is kept
    case '>>>':
      return fromInt64(BigInt.asUintN(64, a) >> bits); // logical: zeros come in from the left
  }
}

/** Unary `~`. */
export function bitwiseNot(operand: ClassAdValue): ClassAdValue {
  if (isExceptional(operand)) {
    return operand;
  }
  return operand.type === 'integer' ? fromInt64(~BigInt(operand.value)) : errorValue(`~ needs an integer, got ${typeName(operand)}`);
}

function fromInt64(value: bigint): ClassAdValue {
  return integerValue(Number(BigInt.asIntN(64, value)));
}
