import { JdlError, JdlErrorCode } from '../errors/jdl.error.js';

/**
 * Refuses text whose ( [ { nest deeper than `maxDepth`, before the recursive-descent parser
 * could exhaust the stack on it. Brackets inside strings, quoted names and comments do not count.
 * A NUL character is refused here too: it only ever comes from a binary file given by mistake.
 */
export function checkNesting(source: string, fileName: string, maxDepth: number): void {
  let depth = 0;
  let i = 0;
  const length = source.length;
  while (i < length) {
    const ch = source.charCodeAt(i);
    if (ch === 0) {
      throw new JdlError({
        code: JdlErrorCode.Syntax,
        reason: 'the text contains a NUL character: is this a binary file? JDL is plain text',
        source,
        fileName,
        offset: i,
      });
    }
    if (ch === 34 /* " */ || ch === 39 /* ' (a quoted attribute name) */) {
      i = skipQuoted(source, i + 1, ch);
      continue;
    }
    if (ch === 35 /* # */ || (ch === 47 /* / */ && source.charCodeAt(i + 1) === 47)) {
      const end = source.indexOf('\n', i);
      i = end === -1 ? length : end;
      continue;
    }
    if (ch === 47 && source.charCodeAt(i + 1) === 42 /* * */) {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? length : end + 2;
      continue;
    }
    if (ch === 40 || ch === 91 || ch === 123 /* ( [ { */) {
      depth++;
      if (depth > maxDepth) {
        throw new JdlError({
          code: JdlErrorCode.TooLarge,
          reason: `brackets nest more than ${maxDepth} levels deep here: flatten the expression`,
          source,
          fileName,
          offset: i,
        });
      }
    } else if (ch === 41 || ch === 93 || ch === 125 /* ) ] } */) {
      depth = Math.max(0, depth - 1);
    }
    i++;
  }
}

/** Index just past the closing `quote` of a string or quoted name whose body starts at `i` (or the line end). */
function skipQuoted(source: string, i: number, quote: number): number {
  while (i < source.length) {
    const ch = source.charCodeAt(i);
    if (ch === 0) {
      return i; // reported by the caller
    } else if (ch === 92 /* \ */) {
      i += 2;
    } else if (ch === quote || ch === 10) {
      return i + 1;
    } else {
      i++;
    }
  }
  return i;
}
