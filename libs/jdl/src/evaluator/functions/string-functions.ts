import { errorValue, firstExceptional, integerValue, listValue, stringValue, typeName, type ClassAdValue } from '../classad-value.js';
import { compareIgnoringCase, compareText } from '../comparison-operators.js';
import { argument, eager, type ClassAdFunction } from './class-ad-function.js';
import { toText, toTexts } from './value-conversion.js';

/*
 * String functions. Arguments "converted by string()" follow the HTCondor manual: numbers and
 * booleans become text, UNDEFINED and ERROR make the result ERROR. Positions and lengths count
 * characters (code points), not bytes as HTCondor does, so "é" has size 1.
 */

/** strcat(a, b, …): the arguments as text, concatenated; strcat() is "". */
const strcat = eager(0, Infinity, (args) => {
  const texts = toTexts(args);
  return Array.isArray(texts) ? stringValue(texts.join('')) : texts;
});

/** join(sep, a, b, …), join(sep, list) or join(list). */
const join = eager(1, Infinity, (args) => {
  const last = argument(args, args.length - 1);
  let separator: ClassAdValue = stringValue('');
  let items: readonly ClassAdValue[];
  if (args.length <= 2 && last.type === 'list') {
    separator = args.length === 2 ? argument(args, 0) : separator;
    items = last.items;
  } else if (args.length === 1) {
    return last.type === 'error' ? last : errorValue(`join needs a list or a separator and items, got ${typeName(last)}`);
  } else {
    separator = argument(args, 0);
    items = args.slice(1);
  }
  const texts = toTexts([separator, ...items]);
  return Array.isArray(texts) ? stringValue(texts.slice(1).join(texts[0])) : texts;
});

/** split(s[, separators]): the pieces of `s` between any of the separator characters (default comma, space, tab). */
const split = eager(1, 2, (args) => {
  const text = argument(args, 0);
  const separators = args.length > 1 ? argument(args, 1) : stringValue(', \t');
  if (text.type !== 'string' || separators.type !== 'string') {
    // UNDEFINED is a type error here too (HTCondor); an ERROR argument passes through with its reason.
    const error = [text, separators].find((value) => value.type === 'error');
    return error ?? errorValue(`split needs strings, got ${typeName(text)} and ${typeName(separators)}`);
  }
  return listValue(splitText(text.value, separators.value).map(stringValue));
});

/**
 * HTCondor's split: empty pieces are dropped, so blanks around a separator do not count, except
 * that a separator repeated back to back marks an empty item ("a,,b" has three items).
 */
function splitText(text: string, separators: string): string[] {
  const items: string[] = [];
  let start = 0;
  let lastSeparator = '';
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (!separators.includes(char)) {
      continue;
    }
    if (i > start) {
      items.push(text.slice(start, i));
    } else if (char === lastSeparator) {
      items.push('');
    }
    if (!/\s/.test(char)) {
      lastSeparator = char;
    }
    start = i + 1;
  }
  if (start < text.length) {
    items.push(text.slice(start));
  }
  return items;
}

/**
 * substr(s, offset[, length]), Perl-like: a negative offset counts from the end; a negative length
 * stops that many characters before the end; only the part inside `s` is returned.
 * UNDEFINED arguments give UNDEFINED, as in the ClassAd library.
 */
const substr = eager(2, 3, (args) => {
  const exceptional = firstExceptional(...args);
  if (exceptional) {
    return exceptional;
  }
  const [text, offset, length] = [argument(args, 0), argument(args, 1), args[2]];
  if (text.type !== 'string' || offset.type !== 'integer' || (length && length.type !== 'integer')) {
    return errorValue(`substr needs a string and integers, got ${args.map(typeName).join(', ')}`);
  }
  const chars = Array.from(text.value);
  const start = offset.value < 0 ? chars.length + offset.value : offset.value;
  let end = chars.length;
  if (length?.type === 'integer') {
    end = length.value < 0 ? chars.length + length.value : start + length.value;
  }
  const from = Math.min(Math.max(start, 0), chars.length);
  const to = Math.min(Math.max(end, 0), chars.length);
  return stringValue(to > from ? chars.slice(from, to).join('') : '');
});

function changeCase(convert: (text: string) => string): ClassAdFunction {
  return eager(1, 1, (args) => {
    const text = toText(argument(args, 0));
    return typeof text === 'string' ? stringValue(convert(text)) : text;
  });
}

/** strcmp(a, b) / stricmp(a, b): -1, 0 or 1 comparing the arguments as text. */
function compareStrings(order: (a: string, b: string) => number): ClassAdFunction {
  return eager(2, 2, (args) => {
    const texts = toTexts(args);
    return Array.isArray(texts) ? integerValue(order(texts[0] ?? '', texts[1] ?? '')) : texts;
  });
}

export const stringFunctions: Readonly<Record<string, ClassAdFunction>> = {
  strcat,
  join,
  split,
  substr,
  toUpper: changeCase((text) => text.toUpperCase()),
  toLower: changeCase((text) => text.toLowerCase()),
  strcmp: compareStrings(compareText),
  stricmp: compareStrings(compareIgnoringCase),
};
