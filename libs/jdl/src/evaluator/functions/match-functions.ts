import type { Expr } from '../../ast/classad-ast.js';
import { booleanValue, errorValue, listValue, typeName, undefinedValue, type AdValue, type ClassAdValue } from '../classad-value.js';
import type { ClassAdFunction, FunctionContext } from './class-ad-function.js';

/*
 * gLite's gang-matching functions, used in JDLs such as
 *   Requirements = anyMatch(other.storage.CloseSEs, target.GlueSEStatus == "unset");
 * The second argument is evaluated once per element as that element's requirement: the element
 * answers unscoped names first and is what `target.`/`other.` mean (see FunctionContext).
 * An element matches when the requirement is boolean true, as in matchmaking.
 */

type GangMode = 'any' | 'all' | 'which';

function gangMatch(mode: GangMode): ClassAdFunction {
  return {
    minArgs: 2,
    maxArgs: 2,
    call: ([listExpr, requirement], context) => {
      if (!listExpr || !requirement) {
        return errorValue(`${context.name} takes 2 arguments`);
      }
      return matchElements(mode, context.evaluate(listExpr), requirement, context);
    },
  };
}

function matchElements(mode: GangMode, list: ClassAdValue, requirement: Expr, context: FunctionContext): ClassAdValue {
  if (list.type === 'undefined' || list.type === 'error') {
    return list;
  }
  if (list.type !== 'list') {
    return errorValue(`${context.name} needs a list of ClassAds, got ${typeName(list)}`);
  }
  const matching: AdValue[] = [];
  for (const element of list.items) {
    if (element.type !== 'classad') {
      return errorValue(`${context.name} needs a list of ClassAds, found ${typeName(element)}`);
    }
    const result = context.evaluateAgainst(requirement, element);
    const matched = result.type === 'boolean' && result.value;
    if (mode === 'any' && matched) {
      return booleanValue(true);
    }
    if (mode === 'all' && !matched) {
      return booleanValue(false);
    }
    if (matched) {
      matching.push(element);
    }
  }
  switch (mode) {
    case 'any':
      return booleanValue(false);
    case 'all':
      return booleanValue(true);
    case 'which':
      // gLite: the matching ads themselves, UNDEFINED when there are none.
      return matching.length > 0 ? listValue(matching) : undefinedValue();
  }
}

export const matchFunctions: Readonly<Record<string, ClassAdFunction>> = {
  anyMatch: gangMatch('any'),
  allMatch: gangMatch('all'),
  whichMatch: gangMatch('which'),
};
