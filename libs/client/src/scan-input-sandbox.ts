/** The InputSandbox attribute of a JDL as found by `scanInputSandbox`. */
export interface ScannedInputSandbox {
  /** Offsets of the value (`{...}` or `"..."`) in the text: the part a rewrite replaces. */
  readonly start: number;
  readonly end: number;
  /** Each entry's text (quotes and escapes removed) and its source as written. */
  readonly entries: readonly { readonly text: string; readonly source: string }[];
}

/**
 * Finds `InputSandbox = {"a", "b"}` (or `= "a"`) in a JDL without the JDL library, whose validation
 * layer costs more to load than a whole status command may take. It understands what the grammar
 * does around it (comments `#`, `//`, `/* *\/`, strings, a document wrapped in `[...]`) and answers
 * `unsure` for anything else — a value that is an expression, two InputSandbox attributes, broken
 * text — so that the caller falls back to the real parser, which also reports errors precisely.
 * `null`: the JDL has no InputSandbox.
 */
export function scanInputSandbox(jdl: string): ScannedInputSandbox | null | 'unsure' {
  let found: ScannedInputSandbox | null = null;
  let depth = 0;
  let expectName = true;
  for (let at = 0; at < jdl.length;) {
    const char = jdl[at] ?? '';
    const skipped = skipBlankOrString(jdl, at);
    if (skipped === -1) {
      return 'unsure';
    }
    if (skipped > at) {
      expectName = expectName && !(char === '"' || char === "'");
      at = skipped;
      continue;
    }
    if (char === '[' || char === '{' || char === '(') {
      depth++;
      expectName = char === '[' && depth === 1 && jdl.slice(0, at).trim() === '';
      at++;
      continue;
    }
    if (char === ']' || char === '}' || char === ')') {
      depth--;
      at++;
      continue;
    }
    if (char === ';') {
      expectName = depth === 0 || (depth === 1 && jdl.trimStart().startsWith('['));
      at++;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(jdl.slice(at, at + 64))?.[0];
    if (name === undefined) {
      expectName = false;
      at++;
      continue;
    }
    if (expectName && name.toLowerCase() === 'inputsandbox') {
      if (found !== null) {
        return 'unsure';
      }
      const value = readValue(jdl, at + name.length);
      if (value === 'unsure') {
        return 'unsure';
      }
      found = value;
      at = value.end;
      expectName = false;
      continue;
    }
    expectName = false;
    at += name.length;
  }
  // Not seen where an attribute name goes, yet written somewhere: let the parser decide.
  return found === null && /inputsandbox/i.test(jdl) ? 'unsure' : found;
}

/** `= {...}` or `= "..."` after the name, up to the `;`, `]` or end that closes the attribute. */
function readValue(jdl: string, from: number): ScannedInputSandbox | 'unsure' {
  let at = skipBlanks(jdl, from);
  if (jdl[at] !== '=' || jdl[at + 1] === '=') {
    return 'unsure';
  }
  at = skipBlanks(jdl, at + 1);
  const start = at;
  const entries: { text: string; source: string }[] = [];
  const listed = jdl[at] === '{';
  if (listed) {
    at = skipBlanks(jdl, at + 1);
  }
  while (!(listed && jdl[at] === '}')) {
    const entry = readEntry(jdl, at);
    if (entry === 'unsure') {
      return 'unsure';
    }
    entries.push(entry.entry);
    at = skipBlanks(jdl, entry.end);
    if (!listed) {
      break;
    }
    if (jdl[at] === ',') {
      at = skipBlanks(jdl, at + 1);
    } else if (jdl[at] !== '}') {
      return 'unsure';
    }
  }
  const end = listed ? at + 1 : at;
  const after = skipBlanks(jdl, end);
  return after >= jdl.length || jdl[after] === ';' || jdl[after] === ']' ? { start, end, entries } : 'unsure';
}

function readEntry(jdl: string, at: number): { entry: { text: string; source: string }; end: number } | 'unsure' {
  if (jdl[at] === '"') {
    let text = '';
    for (let index = at + 1; index < jdl.length; index++) {
      const char = jdl[index];
      if (char === '"') {
        return { entry: { text, source: jdl.slice(at, index + 1) }, end: index + 1 };
      }
      if (char === '\\') {
        const next = jdl[++index];
        if (next !== '"' && next !== '\\') {
          return 'unsure';
        }
        text += next;
      } else if (char === '\n' || char === '\r') {
        return 'unsure';
      } else {
        text += char;
      }
    }
    return 'unsure';
  }
  // A DIRAC bare word: a file name written without quotes.
  const word = /^[A-Za-z0-9_.\-/*?]+/.exec(jdl.slice(at))?.[0];
  return word === undefined ? 'unsure' : { entry: { text: word, source: word }, end: at + word.length };
}

function skipBlanks(jdl: string, from: number): number {
  let at = from;
  for (;;) {
    const next = skipBlankOrString(jdl, at, false);
    if (next === at || next === -1) {
      return at;
    }
    at = next;
  }
}

/** The offset after white space, a comment or (when `strings`) a string starting at `at`; `at` when none; -1 when unterminated. */
function skipBlankOrString(jdl: string, at: number, strings = true): number {
  const char = jdl[at];
  if (char === undefined) {
    return at;
  }
  if (/\s/.test(char) || char === '\ufeff') {
    return at + 1;
  }
  if (char === '#' || (char === '/' && jdl[at + 1] === '/')) {
    const end = jdl.slice(at).search(/[\r\n]/);
    return end === -1 ? jdl.length : at + end;
  }
  if (char === '/' && jdl[at + 1] === '*') {
    const end = jdl.indexOf('*/', at + 2);
    return end === -1 ? -1 : end + 2;
  }
  if (strings && (char === '"' || char === "'")) {
    for (let index = at + 1; index < jdl.length; index++) {
      if (jdl[index] === '\\') {
        index++;
      } else if (jdl[index] === char) {
        return index + 1;
      } else if (jdl[index] === '\n') {
        return -1;
      }
    }
    return -1;
  }
  return at;
}
