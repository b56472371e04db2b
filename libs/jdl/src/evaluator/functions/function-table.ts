import type { Expr } from '../../ast/classad-ast.js';
import { errorValue, type ClassAdValue } from '../classad-value.js';
import type { ClassAdFunction, FunctionContext } from './class-ad-function.js';
import { controlFunctions } from './control-functions.js';
import { conversionFunctions } from './conversion-functions.js';
import { listFunctions } from './list-functions.js';
import { matchFunctions } from './match-functions.js';
import { mathFunctions } from './math-functions.js';
import { regexpFunctions } from './regexp-functions.js';
import { stringFunctions } from './string-functions.js';
import { stringListFunctions } from './string-list-functions.js';
import { typePredicates } from './type-predicates.js';

/** The built-in functions by lower-case name: function names ignore case. */
const FUNCTIONS: ReadonlyMap<string, ClassAdFunction> = new Map(
  [
    typePredicates,
    conversionFunctions,
    stringFunctions,
    stringListFunctions,
    regexpFunctions,
    listFunctions,
    mathFunctions,
    controlFunctions,
    matchFunctions,
  ].flatMap((group) => Object.entries(group).map(([name, fn]) => [name.toLowerCase(), fn] as const)),
);

/** Whether `name` (any case) is a built-in function; a JDL validator can flag the others before matching. */
export function isKnownFunction(name: string): boolean {
  return FUNCTIONS.has(name.toLowerCase());
}

/**
 * Calls the built-in `context.name`. An unknown function (gLite's fqanMember, say) or a wrong
 * number of arguments is ERROR with a reason, never an exception: a bad JDL must not stop a matcher.
 */
export function callFunction(args: readonly Expr[], context: FunctionContext): ClassAdValue {
  const fn = FUNCTIONS.get(context.name.toLowerCase());
  if (!fn) {
    return errorValue(`unknown function ${context.name}()`);
  }
  if (args.length < fn.minArgs || args.length > fn.maxArgs) {
    return errorValue(`${context.name}() takes ${describeArity(fn)}, not ${args.length}`);
  }
  return fn.call(args, context);
}

function describeArity({ minArgs, maxArgs }: ClassAdFunction): string {
  const count = minArgs === maxArgs ? `${minArgs}` : maxArgs === Infinity ? `at least ${minArgs}` : `${minArgs} to ${maxArgs}`;
  const singular = minArgs === 1 && (maxArgs === 1 || maxArgs === Infinity);
  return `${count} argument${singular ? '' : 's'}`;
}
