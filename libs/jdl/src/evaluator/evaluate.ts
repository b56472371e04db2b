import type {
  AttributeNode,
  BinaryExpr,
  ClassAdExpr,
  Expr,
  IndexExpr,
  LiteralExpr,
  SelectExpr,
  UnaryOperator,
} from '../ast/classad-ast.js';
import {
  booleanValue,
  classAdValue,
  errorValue,
  firstExceptional,
  integerValue,
  listValue,
  realValue,
  stringValue,
  typeName,
  undefinedValue,
  type AdValue,
  type ClassAdValue,
} from './classad-value.js';
import { EMPTY_AD, nestedFrame, topFrame, type EvaluationScope } from './evaluation-scope.js';
import { callFunction } from './functions/function-table.js';
import { applyBinary, applyUnary } from './operators.js';
import { attributeOf, resolveReference, type AttributeLocation } from './resolve-reference.js';

/** Where and when an expression is evaluated. */
export interface EvaluationContext {
  /** The ad the expression belongs to: `my.` names it, and unscoped names are looked up in it first. */
  readonly my?: ClassAdExpr;
  /** The other ad of a match: `other.`/`target.` name it, and unscoped names not found in `my` are looked up in it. */
  readonly other?: ClassAdExpr;
  /** The clock behind time(), in milliseconds since the epoch. @default Date.now */
  readonly now?: () => number;
  /** The source behind random(), uniform in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/**
 * How deeply evaluation may nest (sub-expressions inside sub-expressions, attributes referring to
 * attributes) before giving up with ERROR. Brackets nest at most 64 deep (the parser's limit) and
 * left-leaning chains such as `a || b || …` or `x.a.b…` are evaluated in loops, so real JDLs stay
 * far below this; what gets near it is a chain of hundreds of attributes each naming the next,
 * which the parser cannot see. The bound keeps such a chain from overflowing the stack.
 */
export const MAX_EVALUATION_DEPTH = 1000;

const INT64_LIMIT = 2 ** 63;

interface EvaluationState {
  readonly now: () => number;
  readonly random: () => number;
  /** Attributes being evaluated right now: meeting one again is a cycle. */
  readonly inProgress: Set<AttributeNode>;
  depth: number;
}

/**
 * Evaluates `expr` with HTCondor ClassAd semantics. Never throws: every failure, including an
 * unknown function or a cycle, is an ERROR value with a reason.
 */
export function evaluateExpression(expr: Expr, context: EvaluationContext = {}): ClassAdValue {
  const frame = topFrame(context.my ?? EMPTY_AD, context.other ?? null);
  return guarded(context, (state) => evaluate(expr, { frame, target: null }, state));
}

/**
 * Evaluates the attribute `name` (any case) of the top-level ad `ad`, which plays `my`;
 * `context.other` is the other ad of a match. A missing attribute is UNDEFINED.
 */
export function evaluateAttribute(ad: ClassAdExpr, name: string, context: Omit<EvaluationContext, 'my'> = {}): ClassAdValue {
  const frame = topFrame(ad, context.other ?? null);
  return guarded(context, (state) => evaluateAt(attributeOf(frame, name, null), state));
}

function guarded(context: EvaluationContext, run: (state: EvaluationState) => ClassAdValue): ClassAdValue {
  const state: EvaluationState = {
    now: context.now ?? Date.now,
    random: context.random ?? Math.random,
    inProgress: new Set(),
    depth: 0,
  };
  try {
    return run(state);
  } catch (error) {
    // Last line of defence: the depth bound should make a stack overflow impossible.
    if (error instanceof RangeError) {
      return errorValue(`the expression is too complex to evaluate: ${error.message}`);
    }
    throw error;
  }
}

function evaluate(expr: Expr, scope: EvaluationScope, state: EvaluationState): ClassAdValue {
  if (state.depth >= MAX_EVALUATION_DEPTH) {
    return errorValue(`the expression nests more than ${MAX_EVALUATION_DEPTH} levels deep: simplify it`);
  }
  state.depth++;
  try {
    return evaluateNode(expr, scope, state);
  } finally {
    state.depth--;
  }
}

function evaluateNode(expr: Expr, scope: EvaluationScope, state: EvaluationState): ClassAdValue {
  switch (expr.kind) {
    case 'literal':
      return literalValue(expr);
    case 'list':
      return listValue(expr.items.map((item) => evaluate(item, scope, state)));
    case 'classad':
      // A nested ad sees the ads around it: its frame's parent is where it was written.
      return classAdValue(expr, { frame: nestedFrame(expr, scope.frame), target: scope.target });
    case 'ref':
      return evaluateAt(resolveReference(expr, scope), state);
    case 'select':
    case 'index':
      return evaluatePostfix(expr, scope, state);
    case 'unary': {
      // Chains such as `!!!!x` are walked in a loop rather than by recursion.
      const operators: UnaryOperator[] = [];
      let operand: Expr = expr;
      for (; operand.kind === 'unary'; operand = operand.operand) {
        operators.push(operand.op);
      }
      return operators.reduceRight((value, op) => applyUnary(op, value), evaluate(operand, scope, state));
    }
    case 'binary': {
      // `a || b || c …` parses left-deep; walking the left spine in a loop keeps long chains off the stack.
      const spine: BinaryExpr[] = [];
      let left: Expr = expr;
      for (; left.kind === 'binary'; left = left.left) {
        spine.push(left);
      }
      let value = evaluate(left, scope, state);
      for (const node of spine.reverse()) {
        value = applyBinary(node.op, value, () => evaluate(node.right, scope, state));
      }
      return value;
    }
    case 'conditional':
      return evaluateConditional(expr.condition, expr.then, expr.otherwise, scope, state);
    case 'call':
      return callFunction(expr.args, {
        name: expr.name,
        evaluate: (arg) => evaluate(arg, scope, state),
        evaluateAgainst: (arg, element) => evaluate(arg, { frame: scope.frame, target: element.scope.frame }, state),
        now: state.now,
        random: state.random,
      });
  }
}

function literalValue(literal: LiteralExpr): ClassAdValue {
  switch (literal.type) {
    case 'undefined':
      return undefinedValue();
    case 'error':
      return errorValue();
    case 'integer':
      // ClassAd integers are 64-bit. The parser reads digits into a double, where 2^63 - 1 rounds to
      // 2^63, so that is the largest literal allowed; longer digit strings may even be infinite.
      return Math.abs(literal.value) <= INT64_LIMIT
        ? integerValue(literal.value)
        : errorValue(`the integer literal is outside the 64-bit range`);
    case 'real':
      return Number.isFinite(literal.value) ? realValue(literal.value) : errorValue('the real literal is too large');
    case 'string':
      return stringValue(literal.value);
    case 'boolean':
      return booleanValue(literal.value);
  }
}

/**
 * `c ? a : b` is strict in its condition: UNDEFINED gives UNDEFINED, a number counts as a boolean,
 * anything else is ERROR. The "elvis" form `a ?: b` is `a` unless `a` is UNDEFINED.
 */
function evaluateConditional(
  conditionExpr: Expr,
  then: Expr | null,
  otherwise: Expr,
  scope: EvaluationScope,
  state: EvaluationState,
): ClassAdValue {
  const condition = evaluate(conditionExpr, scope, state);
  if (then === null) {
    return condition.type === 'undefined' ? evaluate(otherwise, scope, state) : condition;
  }
  switch (condition.type) {
    case 'boolean':
      return evaluate(condition.value ? then : otherwise, scope, state);
    case 'integer':
    case 'real':
      return evaluate(condition.value !== 0 ? then : otherwise, scope, state);
    case 'undefined':
    case 'error':
      return condition;
    case 'string':
    case 'list':
    case 'classad':
      return errorValue(`the condition of ?: must be a boolean, got ${typeName(condition)}`);
  }
}

/**
 * Evaluates the attribute a lookup found (nothing found is UNDEFINED). Meeting an attribute that is
 * already being evaluated is a cycle, which is ERROR rather than endless recursion.
 */
function evaluateAt(location: AttributeLocation | null, state: EvaluationState): ClassAdValue {
  if (!location) {
    return undefinedValue();
  }
  const { attribute, scope } = location;
  if (state.inProgress.has(attribute)) {
    return errorValue(`${attribute.name} refers to itself`);
  }
  state.inProgress.add(attribute);
  try {
    return evaluate(attribute.value, scope, state);
  } finally {
    state.inProgress.delete(attribute);
  }
}

/** `a.b.c[0]…`: the postfix chain is walked in a loop, innermost base first. */
function evaluatePostfix(expr: Expr, scope: EvaluationScope, state: EvaluationState): ClassAdValue {
  const chain: Array<SelectExpr | IndexExpr> = [];
  let base: Expr = expr;
  for (; base.kind === 'select' || base.kind === 'index'; base = base.base) {
    chain.push(base);
  }
  let value = evaluate(base, scope, state);
  for (const node of chain.reverse()) {
    value = node.kind === 'select' ? select(value, node.name, state) : subscript(value, evaluate(node.index, scope, state), state);
  }
  return value;
}

/** `value.name`: an attribute of a ClassAd; over a list of ClassAds, the list of their attributes. */
function select(value: ClassAdValue, name: string, state: EvaluationState): ClassAdValue {
  switch (value.type) {
    case 'classad':
      return attributeOfValue(value, name, state);
    case 'list':
      return listValue(value.items.map((item) => selectOne(item, name, state)));
    case 'undefined':
    case 'error':
      return value;
    case 'boolean':
    case 'integer':
    case 'real':
    case 'string':
      return errorValue(`cannot take .${name} of ${typeName(value)}`);
  }
}

/** One element of a list being selected from: ads give their attribute; nested lists are not flattened. */
function selectOne(item: ClassAdValue, name: string, state: EvaluationState): ClassAdValue {
  switch (item.type) {
    case 'classad':
      return attributeOfValue(item, name, state);
    case 'undefined':
    case 'error':
      return item;
    default:
      return errorValue(`cannot take .${name} of ${typeName(item)}`);
  }
}

/** `list[i]` (0-based) or `ad["name"]`; strict in UNDEFINED and ERROR. */
function subscript(value: ClassAdValue, index: ClassAdValue, state: EvaluationState): ClassAdValue {
  const exceptional = firstExceptional(value, index);
  if (exceptional) {
    return exceptional;
  }
  if (value.type === 'list' && index.type === 'integer') {
    return value.items[index.value] ?? errorValue(`index ${index.value} is outside the list of ${value.items.length}`);
  }
  if (value.type === 'classad' && index.type === 'string') {
    return attributeOfValue(value, index.value, state);
  }
  return errorValue(`cannot index ${typeName(value)} with ${typeName(index)}`);
}

/** An attribute of a ClassAd value, evaluated inside that ad (its own ads around it, its own match). */
function attributeOfValue(value: AdValue, name: string, state: EvaluationState): ClassAdValue {
  return evaluateAt(attributeOf(value.scope.frame, name, value.scope.target), state);
}
