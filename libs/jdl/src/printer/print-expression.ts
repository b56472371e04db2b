import type {
  BinaryExpr,
  ClassAdExpr,
  ConditionalExpr,
  Expr,
  IndexExpr,
  LiteralExpr,
  RefExpr,
  SelectExpr,
  UnaryExpr,
} from '../ast/classad-ast.js';
import { BINARY_PRECEDENCE, Precedence, precedenceOf } from './operator-precedence.js';
import { printAttributeName } from './print-attribute-name.js';
import { printInteger, printReal } from './print-number.js';
import { printString } from './print-string.js';

/**
 * An expression as compact one-line ClassAd text that parses back to the same tree, with only the
 * parentheses that precedence and left-associativity need: `a - (b - c)`, but `a - b - c`.
 * Lists print as `{ 1, "a" }`, nested ClassAds as `[ a = 1; b = 2 ]`.
 *
 * Long left-leaning chains (`a + b + c + …`, `x.a.b.c…`, `x[1][2]…`) are walked with loops, not
 * recursion: the parser builds them without recursing, so they can be deeper than the stack.
 */
export function printExpression(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return printLiteral(expr);
    case 'list':
      return expr.items.length === 0 ? '{}' : `{ ${expr.items.map(printExpression).join(', ')} }`;
    case 'classad':
      return printInlineClassAd(expr);
    case 'ref':
      return printRef(expr);
    case 'select':
    case 'index':
      return printPostfixChain(expr);
    case 'unary':
      return printUnaryChain(expr);
    case 'binary':
      return printBinaryChain(expr);
    case 'conditional':
      return printConditional(expr);
    case 'call':
      return `${expr.name}(${expr.args.map(printExpression).join(', ')})`;
  }
}

function printLiteral(literal: LiteralExpr): string {
  switch (literal.type) {
    case 'integer':
      return printInteger(literal.value);
    case 'real':
      return printReal(literal.value);
    case 'string':
      return printString(literal.value);
    case 'boolean':
      return literal.value ? 'true' : 'false';
    case 'undefined':
      return 'undefined';
    case 'error':
      return 'error';
  }
}

function printInlineClassAd(ad: ClassAdExpr): string {
  if (ad.attributes.length === 0) {
    return '[]';
  }
  const attributes = ad.attributes.map((attribute) => `${printAttributeName(attribute.name)} = ${printExpression(attribute.value)}`);
  return `[ ${attributes.join('; ')} ]`;
}

function printRef(ref: RefExpr): string {
  switch (ref.scope) {
    case null:
      return ref.name;
    case 'root':
      return `.${ref.name}`;
    default:
      return `${ref.scope}.${ref.name}`;
  }
}

/** `operand`, parenthesised when it binds less tightly than `minimum`. */
function printOperand(operand: Expr, minimum: number): string {
  const text = printExpression(operand);
  return precedenceOf(operand) < minimum ? `(${text})` : text;
}

function printPostfixChain(expr: SelectExpr | IndexExpr): string {
  const parts: (SelectExpr | IndexExpr)[] = [];
  let base: Expr = expr;
  while (base.kind === 'select' || base.kind === 'index') {
    parts.push(base);
    base = base.base;
  }
  let text = printOperand(base, Precedence.Postfix);
  // `1.x` is not a number followed by `.x` (the grammar reads `1.` as a real and then stops), so a
  // number whose attribute is selected keeps parentheses: `(1).x`.
  if (base.kind === 'literal' && (base.type === 'integer' || base.type === 'real') && parts.at(-1)?.kind === 'select') {
    text = `(${text})`;
  }
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i] as SelectExpr | IndexExpr;
    text += part.kind === 'select' ? `.${part.name}` : `[${printExpression(part.index)}]`;
  }
  return text;
}

function printUnaryChain(expr: UnaryExpr): string {
  // Prefix operators need no space between them: the grammar has no `--`, `!!` or `-+` token, so
  // `--x` reads back as -(-x).
  let operators = '';
  let operand: Expr = expr;
  while (operand.kind === 'unary') {
    operators += operand.op;
    operand = operand.operand;
  }
  return operators + printOperand(operand, Precedence.Unary);
}

function printBinaryChain(expr: BinaryExpr): string {
  // The left spine while no parentheses are needed: a left operand binding at least as tightly as
  // its operator (operators are left-associative, so `a - b - c` is (a - b) - c).
  const spine: BinaryExpr[] = [expr];
  let leftmost: Expr = expr.left;
  while (leftmost.kind === 'binary' && BINARY_PRECEDENCE[leftmost.op] >= BINARY_PRECEDENCE[(spine.at(-1) as BinaryExpr).op]) {
    spine.push(leftmost);
    leftmost = leftmost.left;
  }
  let text = printOperand(leftmost, BINARY_PRECEDENCE[(spine.at(-1) as BinaryExpr).op]);
  for (let i = spine.length - 1; i >= 0; i--) {
    const node = spine[i] as BinaryExpr;
    // A right operand of the same precedence needs parentheses: `a - (b - c)`.
    text += ` ${node.op} ${printOperand(node.right, BINARY_PRECEDENCE[node.op] + 1)}`;
  }
  return text;
}

function printConditional(expr: ConditionalExpr): string {
  // The grammar reads the condition as an ||-expression, then and otherwise as whole expressions.
  const condition = printOperand(expr.condition, Precedence.Conditional + 1);
  const otherwise = printExpression(expr.otherwise);
  return expr.then === null ? `${condition} ?: ${otherwise}` : `${condition} ? ${printExpression(expr.then)} : ${otherwise}`;
}
