import { errorValue, type ErrorValue } from '../classad-value.js';

/**
 * Longest pattern regexp() accepts. Patterns come from users' JDLs and are run against every
 * candidate resource, so a bound keeps a pathological pattern from stalling the matcher.
 */
export const MAX_PATTERN_LENGTH = 1024;

/** A compiled regexp() pattern; `test` is safe to call repeatedly (no shared lastIndex state). */
export interface CompiledPattern {
  readonly test: (target: string) => boolean;
}

/**
 * Compiles an HTCondor (PCRE) pattern with ClassAd options: `i` ignore case, `m` ^/$ at line
 * breaks, `s` dot matches newline, `x` ignore unescaped whitespace and #-comments in the pattern,
 * `f` the pattern must match the whole target. Other option letters are ignored, as in HTCondor.
 * The pattern runs on JavaScript's engine: PCRE-only syntax (possessive quantifiers, inline
 * `(?i)`) is reported as an invalid pattern.
 */
export function compilePattern(pattern: string, options: string): CompiledPattern | ErrorValue {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return errorValue(`the regular expression is ${pattern.length} characters long, more than the limit of ${MAX_PATTERN_LENGTH}`);
  }
  const has = (option: string): boolean => options.toLowerCase().includes(option);
  const source = has('x') ? stripExtendedWhitespace(pattern) : pattern;
  const flags = (has('i') ? 'i' : '') + (has('m') ? 'm' : '') + (has('s') ? 's' : '');
  try {
    // Compiled on its own first so that an unbalanced pattern such as `a)|(b` is refused rather
    // than balanced by the wrapping below.
    const search = new RegExp(source, flags);
    if (!has('f')) {
      return { test: (target) => search.test(target) };
    }
    // Sticky at 0 and followed by end of input: a whole-string match, whatever `m` does to `$`.
    const whole = new RegExp(`(?:${source})(?![\\s\\S])`, `${flags}y`);
    return {
      test: (target) => {
        whole.lastIndex = 0;
        return whole.test(target);
      },
    };
  } catch (error) {
    return errorValue(`invalid regular expression ${JSON.stringify(pattern)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** PCRE's extended mode: whitespace and `#` comments outside character classes are not part of the pattern. */
export function stripExtendedWhitespace(pattern: string): string {
  let result = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (char === '\\') {
      result += pattern.slice(i, i + 2);
      i++;
    } else if (inClass) {
      result += char;
      inClass = char !== ']';
    } else if (char === '[') {
      result += char;
      inClass = true;
      // A `]` first in a class (after an optional ^) is a literal, not the end of the class.
      const next = pattern.slice(i + 1, i + 3);
      const literal = next.startsWith(']') ? ']' : next === '^]' ? '^]' : '';
      result += literal;
      i += literal.length;
    } else if (char === '#') {
      const newline = pattern.indexOf('\n', i);
      i = newline === -1 ? pattern.length : newline;
    } else if (!/\s/.test(char)) {
      result += char;
    }
  }
  return result;
}
