import type { ClassAdExpr } from '../ast/classad-ast.js';
import { topFrame, type EvaluationScope } from './evaluation-scope.js';
import { printExpression } from '../printer/print-expression.js';
import { printString } from '../printer/print-string.js';
import { formatInteger, formatReal } from './format-number.js';

/** The result of evaluating a ClassAd expression. */
export type ClassAdValue =
  | UndefinedValue
  | ErrorValue
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'real'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | ListValue
  | AdValue;

export interface UndefinedValue {
  readonly type: 'undefined';
}

export interface ErrorValue {
  readonly type: 'error';
  /** Why evaluation failed, for messages; absent for the literal `error`. */
  readonly reason?: string;
}

export interface ListValue {
  readonly type: 'list';
  readonly items: readonly ClassAdValue[];
}

/**
 * A ClassAd as a value. Its attributes stay unevaluated expressions; `scope` remembers where the ad
 * sits (the ads around it, the match it takes part in) so `ad.x` evaluates `x` inside this ad.
 */
export interface AdValue {
  readonly type: 'classad';
  readonly ad: ClassAdExpr;
  /** `scope.frame.ad` is `ad`. */
  readonly scope: EvaluationScope;
}

export type ClassAdValueType = ClassAdValue['type'];
export type NumberValue = Extract<ClassAdValue, { type: 'integer' | 'real' }>;

const UNDEFINED: UndefinedValue = { type: 'undefined' };
const TRUE: ClassAdValue = { type: 'boolean', value: true };
const FALSE: ClassAdValue = { type: 'boolean', value: false };

export function undefinedValue(): UndefinedValue {
  return UNDEFINED;
}

export function errorValue(reason?: string): ErrorValue {
  return reason === undefined ? { type: 'error' } : { type: 'error', reason };
}

export function booleanValue(value: boolean): ClassAdValue {
  return value ? TRUE : FALSE;
}

/** An integer; `value` is truncated toward zero, as ClassAd integers have no fraction. */
export function integerValue(value: number): ClassAdValue {
  // `|| 0` turns -0 into 0: integers have no negative zero.
  return { type: 'integer', value: Math.trunc(value) || 0 };
}

export function realValue(value: number): ClassAdValue {
  return { type: 'real', value };
}

export function stringValue(value: string): ClassAdValue {
  return { type: 'string', value };
}

export function listValue(items: readonly ClassAdValue[]): ListValue {
  return { type: 'list', items };
}

/** A ClassAd value; without a scope the ad stands alone (a top-level ad with no match partner). */
export function classAdValue(ad: ClassAdExpr, scope: EvaluationScope = { frame: topFrame(ad), target: null }): AdValue {
  return { type: 'classad', ad, scope };
}

export function isNumber(value: ClassAdValue): value is NumberValue {
  return value.type === 'integer' || value.type === 'real';
}

/** UNDEFINED or ERROR: the values most operators pass straight through. */
/** The type of a value as messages name it: `integer`, `string`, `classad`… */
export function typeName(value: ClassAdValue): string {
  return value.type === 'classad' ? 'ClassAd' : value.type;
}

export function isExceptional(value: ClassAdValue): value is UndefinedValue | ErrorValue {
  return value.type === 'undefined' || value.type === 'error';
}

/**
 * What a strict operator or function returns when an operand is exceptional: the first ERROR if
 * any (ERROR beats UNDEFINED, as in HTCondor), else the first UNDEFINED, else null.
 */
export function firstExceptional(...values: readonly ClassAdValue[]): UndefinedValue | ErrorValue | null {
  let undefinedOperand: UndefinedValue | null = null;
  for (const value of values) {
    if (value.type === 'error') {
      return value;
    }
    if (value.type === 'undefined') {
      undefinedOperand ??= value;
    }
  }
  return undefinedOperand;
}

/**
 * ClassAd text for a value: strings quoted and escaped (`"a\"b"`), reals always with a `.` or an
 * exponent, lists `{ 1, "a" }`, ClassAds `[ a = 1; b = "x" ]` (attributes unevaluated, as HTCondor
 * prints them), `undefined`, `error`.
 */
export function formatValue(value: ClassAdValue): string {
  switch (value.type) {
    case 'undefined':
      return 'undefined';
    case 'error':
      return 'error';
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'integer':
      return formatInteger(value.value);
    case 'real':
      return formatReal(value.value);
    case 'string':
      return printString(value.value);
    case 'list':
      return value.items.length === 0 ? '{}' : `{ ${value.items.map(formatValue).join(', ')} }`;
    case 'classad':
      return printExpression(value.ad);
  }
}
