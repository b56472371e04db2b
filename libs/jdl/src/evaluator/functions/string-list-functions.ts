import { booleanValue, errorValue, integerValue, stringValue, typeName, undefinedValue, type ClassAdValue } from '../classad-value.js';
import { argument, eager, type ClassAdFunction } from './class-ad-function.js';

/*
 * "String lists": one string holding items separated by any of a set of delimiter characters,
 * such as "MPI, GPU, CVMFS". Items are trimmed and empty items dropped, as HTCondor does.
 */

const DEFAULT_DELIMITERS = ', \t\r\n';

export function stringListItems(list: string, delimiters: string): string[] {
  const items: string[] = [];
  let current = '';
  for (const char of list) {
    if (delimiters.includes(char)) {
      items.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item.length > 0);
}

/**
 * stringListMember(x, list[, delimiters]) and the case-insensitive stringListIMember. As in current
 * HTCondor, an UNDEFINED argument counts as an empty string, and both being UNDEFINED is UNDEFINED.
 */
function member(ignoreCase: boolean): ClassAdFunction {
  return eager(2, 3, (args) => {
    const error = args.find((value) => value.type === 'error' || (value.type !== 'string' && value.type !== 'undefined'));
    if (error) {
      return error.type === 'error' ? error : errorValue(`stringListMember needs strings, got ${typeName(error)}`);
    }
    const [item, list, delimiters] = [argument(args, 0), argument(args, 1), args[2]];
    if (item.type === 'undefined' && list.type === 'undefined') {
      return undefinedValue();
    }
    const normalize = (text: string): string => (ignoreCase ? text.toLowerCase() : text);
    const wanted = normalize(textOf(item));
    const items = stringListItems(textOf(list), delimiters?.type === 'string' ? delimiters.value : DEFAULT_DELIMITERS);
    return booleanValue(items.some((candidate) => normalize(candidate) === wanted));
  });
}

function textOf(value: ClassAdValue): string {
  return value.type === 'string' ? value.value : '';
}

/** stringListSize(list[, delimiters]): how many items; anything but strings is ERROR. */
const stringListSize = eager(1, 2, (args) => {
  const list = argument(args, 0);
  const delimiters = args.length > 1 ? argument(args, 1) : stringValue(DEFAULT_DELIMITERS);
  if (list.type !== 'string' || delimiters.type !== 'string') {
    const error = [list, delimiters].find((value) => value.type === 'error');
    return error ?? errorValue(`stringListSize needs strings, got ${typeName(list)} and ${typeName(delimiters)}`);
  }
  return integerValue(stringListItems(list.value, delimiters.value).length);
});

export const stringListFunctions: Readonly<Record<string, ClassAdFunction>> = {
  stringListMember: member(false),
  stringListIMember: member(true),
  stringListSize,
};
