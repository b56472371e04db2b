import { booleanValue, type ClassAdValueType } from '../classad-value.js';
import { argument, eager, type ClassAdFunction } from './class-ad-function.js';

/** isUndefined(x), isString(x), …: never UNDEFINED or ERROR themselves, so they can test for those. */
function isType(type: ClassAdValueType): ClassAdFunction {
  return eager(1, 1, (args) => booleanValue(argument(args, 0).type === type));
}

export const typePredicates: Readonly<Record<string, ClassAdFunction>> = {
  isUndefined: isType('undefined'),
  isError: isType('error'),
  isString: isType('string'),
  isInteger: isType('integer'),
  isReal: isType('real'),
  // A boolean value only: the HTCondor manual's "the integer 0 or 1" describes old ClassAds, where
  // TRUE was the integer 1; the ClassAd library tests the type.
  isBoolean: isType('boolean'),
  isList: isType('list'),
  isClassAd: isType('classad'),
};
