import type { BinaryOperator, Expr } from '../ast/classad-ast.js';

/**
 * How tightly each kind of expression binds, loosest first, following the order of the grammar's
 * rules (jdl.peggy): an operand binding less tightly than its context needs parentheses.
 */
export const Precedence = {
  Conditional: 0,
  Unary: 11,
  Postfix: 12,
  Primary: 13,
} as const;

export const BINARY_PRECEDENCE: Readonly<Record<BinaryOperator, number>> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '=?=': 6,
  '=!=': 6,
  is: 6,
  isnt: 6,
  '<': 7,
  '<=': 7,
  '>': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '>>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};

export function precedenceOf(expr: Expr): number {
  switch (expr.kind) {
    case 'conditional':
      return Precedence.Conditional;
    case 'binary':
      return BINARY_PRECEDENCE[expr.op];
    case 'unary':
      return Precedence.Unary;
    case 'select':
    case 'index':
      return Precedence.Postfix;
    case 'literal':
    case 'list':
    case 'classad':
    case 'ref':
    case 'call':
      return Precedence.Primary;
  }
}
