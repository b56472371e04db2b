import type { Expr } from '../../ast/classad-ast.js';
import { undefinedValue, type AdValue, type ClassAdValue } from '../classad-value.js';

/**
 * What a built-in function gets from the evaluator. Functions receive their arguments unevaluated
 * and evaluate them through this context, so lazy ones (ifThenElse, anyMatch) decide what runs;
 * the indirection also keeps the function files free of an import of the evaluator.
 */
export interface FunctionContext {
  /** The function's name as the user wrote it, for messages. */
  readonly name: string;
  /** Evaluates an argument where the call is. */
  readonly evaluate: (expr: Expr) => ClassAdValue;
  /**
   * Evaluates `expr` as a requirement against `element` (gLite's anyMatch): the element answers
   * unscoped names first and is what `other.`/`target.` mean.
   */
  readonly evaluateAgainst: (expr: Expr, element: AdValue) => ClassAdValue;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Uniform in [0, 1). */
  readonly random: () => number;
}

export interface ClassAdFunction {
  readonly minArgs: number;
  /** `Infinity` for functions taking any number of arguments. */
  readonly maxArgs: number;
  readonly call: (args: readonly Expr[], context: FunctionContext) => ClassAdValue;
}

/** A function of its evaluated arguments: all but ifThenElse and the anyMatch family. */
export function eager(
  minArgs: number,
  maxArgs: number,
  body: (args: readonly ClassAdValue[], context: FunctionContext) => ClassAdValue,
): ClassAdFunction {
  return { minArgs, maxArgs, call: (args, context) => body(args.map(context.evaluate), context) };
}

/** The i-th argument; the arity check has already run, so a missing one is a programming error made harmless. */
export function argument(args: readonly ClassAdValue[], index: number): ClassAdValue {
  return args[index] ?? undefinedValue();
}
