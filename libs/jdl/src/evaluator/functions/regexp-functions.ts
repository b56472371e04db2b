import { booleanValue, errorValue, firstExceptional, typeName, undefinedValue, type ClassAdValue } from '../classad-value.js';
import { argument, eager, type ClassAdFunction } from './class-ad-function.js';
import { compilePattern } from './compile-pattern.js';

/** regexp(pattern, target[, options]): whether `pattern` matches somewhere in `target` (see compilePattern for options). */
const regexp = eager(2, 3, (args) => {
  const exceptional = firstExceptional(...args);
  if (exceptional) {
    return exceptional;
  }
  const [pattern, target, options] = [argument(args, 0), argument(args, 1), args[2]];
  if (pattern.type !== 'string' || target.type !== 'string' || (options && options.type !== 'string')) {
    return errorValue(`regexp needs strings, got ${args.map(typeName).join(', ')}`);
  }
  const compiled = compilePattern(pattern.value, optionsText(options));
  return 'test' in compiled ? booleanValue(compiled.test(target.value)) : compiled;
});

/**
 * regexpMember(pattern, list[, options]): whether any string of the list matches. UNDEFINED items
 * are skipped but make a no-match UNDEFINED; any other non-string met before a match is ERROR.
 */
const regexpMember = eager(2, 3, (args) => {
  const exceptional = firstExceptional(...args);
  if (exceptional) {
    return exceptional;
  }
  const [pattern, list, options] = [argument(args, 0), argument(args, 1), args[2]];
  if (pattern.type !== 'string' || list.type !== 'list' || (options && options.type !== 'string')) {
    return errorValue(`regexpMember needs a pattern and a list, got ${args.map(typeName).join(', ')}`);
  }
  const compiled = compilePattern(pattern.value, optionsText(options));
  if (!('test' in compiled)) {
    return compiled;
  }
  let sawUndefined = false;
  for (const item of list.items) {
    if (item.type === 'string') {
      if (compiled.test(item.value)) {
        return booleanValue(true);
      }
    } else if (item.type === 'undefined') {
      sawUndefined = true;
    } else {
      return item.type === 'error' ? item : errorValue(`regexpMember needs a list of strings, found ${typeName(item)}`);
    }
  }
  return sawUndefined ? undefinedValue() : booleanValue(false);
});

function optionsText(options: ClassAdValue | undefined): string {
  return options?.type === 'string' ? options.value : '';
}

export const regexpFunctions: Readonly<Record<string, ClassAdFunction>> = { regexp, regexpMember };
