import type { BinaryOperator, UnaryOperator } from '../ast/classad-ast.js';
import { arithmetic, bitwise, bitwiseNot, negate, unaryPlus } from './arithmetic-operators.js';
import { booleanValue, type ClassAdValue } from './classad-value.js';
import { compare, identical } from './comparison-operators.js';
import { logicalAnd, logicalNot, logicalOr } from './logic-operators.js';

/**
 * Applies a binary operator. The right operand is a thunk because `&&` and `||` must not
 * evaluate it when the left operand decides.
 */
export function applyBinary(op: BinaryOperator, left: ClassAdValue, right: () => ClassAdValue): ClassAdValue {
  switch (op) {
    case '&&':
      return logicalAnd(left, right);
    case '||':
      return logicalOr(left, right);
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(op, left, right());
    case '=?=':
    case 'is':
      return booleanValue(identical(left, right()));
    case '=!=':
    case 'isnt':
      return booleanValue(!identical(left, right()));
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return arithmetic(op, left, right());
    case '&':
    case '|':
    case '^':
    case '<<':
    case '>>':
    case '>>>':
      return bitwise(op, left, right());
  }
}

export function applyUnary(op: UnaryOperator, operand: ClassAdValue): ClassAdValue {
  switch (op) {
    case '-':
      return negate(operand);
    case '+':
      return unaryPlus(operand);
    case '!':
      return logicalNot(operand);
    case '~':
      return bitwiseNot(operand);
  }
}
