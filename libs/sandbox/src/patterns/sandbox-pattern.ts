import { SandboxException } from '../errors/sandbox.exception.js';

/**
 * One `/`-separated piece of a sandbox pattern. Patterns follow the shell and Python's `glob`, as
 * DIRAC's InputSandbox and OutputSandbox lists do: `*` and `?` stay within one name, `[...]` is a
 * character class (`[!...]` or `[^...]` negated), and a whole `**` matches any number of directories.
 * Like `glob`, a wildcard never matches a leading dot: `*.log` leaves out `.hidden.log`.
 */
export type PatternSegment = { kind: 'literal'; text: string } | { kind: 'wildcard'; text: string; regex: RegExp } | { kind: 'globstar' };

export interface SandboxPattern {
  /** The pattern as written. */
  source: string;
  segments: PatternSegment[];
}

/**
 * Parse a pattern relative to the sandbox's directory. Absolute patterns, `..` and backslashes are
 * refused: a sandbox only ever holds what lies under its directory.
 */
export function compileSandboxPattern(pattern: string): SandboxPattern {
  const refuse = (why: string): never => {
    throw new SandboxException('unsafe-path', `Sandbox pattern '${pattern}' ${why}`, { entry: pattern });
  };
  if (pattern.trim() === '') {
    refuse('is empty');
  }
  if (pattern.startsWith('/')) {
    refuse('is absolute; name files relative to the job directory');
  }
  if (pattern.includes('\\')) {
    refuse('has a backslash; separate directories with /');
  }
  if (pattern.includes('\0')) {
    refuse('has a NUL character');
  }
  const segments: PatternSegment[] = [];
  for (const part of pattern.split('/')) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..') {
      refuse("goes up with '..'; a sandbox holds only what lies under its directory");
    }
    if (part === '**') {
      // `**/**` matches what `**` does; keeping one keeps matching linear.
      if (segments.at(-1)?.kind !== 'globstar') {
        segments.push({ kind: 'globstar' });
      }
      continue;
    }
    const regex = wildcardRegex(part);
    segments.push(regex ? { kind: 'wildcard', text: part, regex } : { kind: 'literal', text: part });
  }
  if (segments.length === 0) {
    refuse('names the sandbox directory itself; list the files to include');
  }
  return { source: pattern, segments };
}

/** Whether one name (no `/`) matches one segment of a pattern. */
export function segmentMatches(segment: Exclude<PatternSegment, { kind: 'globstar' }>, name: string): boolean {
  if (segment.kind === 'literal') {
    return segment.text === name;
  }
  if (name.startsWith('.') && !segment.text.startsWith('.')) {
    return false;
  }
  return segment.regex.test(name);
}

/** Whether a relative path (`a/b/c.txt`) matches a pattern. Pure: it looks at no file system. */
export function matchSandboxPattern(pattern: string | SandboxPattern, path: string): boolean {
  const compiled = typeof pattern === 'string' ? compileSandboxPattern(pattern) : pattern;
  const names = path.split('/').filter((name) => name !== '' && name !== '.');
  return matchFrom(compiled.segments, 0, names, 0);
}

function matchFrom(segments: PatternSegment[], si: number, names: string[], ni: number): boolean {
  const segment = segments[si];
  if (segment === undefined) {
    return ni === names.length;
  }
  if (segment.kind === 'globstar') {
    for (let k = ni; k <= names.length; k++) {
      if (matchFrom(segments, si + 1, names, k)) {
        return true;
      }
      // `**` does not descend into hidden directories, as with glob.
      if (names[k]?.startsWith('.')) {
        return false;
      }
    }
    return false;
  }
  const name = names[ni];
  return name !== undefined && segmentMatches(segment, name) && matchFrom(segments, si + 1, names, ni + 1);
}

/** A regular expression for a segment with wildcards, or null when the segment is a plain name. */
function wildcardRegex(text: string): RegExp | null {
  // Code points, not UTF-16 units, so a class like `[é😀]` holds whole characters.
  const part = Array.from(text);
  let source = '';
  let wild = false;
  for (let i = 0; i < part.length; i++) {
    const char = part[i] as string;
    if (char === '*') {
      wild = true;
      source += '[^/]*';
    } else if (char === '?') {
      wild = true;
      source += '[^/]';
    } else if (char === '[') {
      const parsed = characterClass(part, i);
      if (parsed) {
        wild = true;
        source += parsed.source;
        i = parsed.end;
      } else {
        // An unclosed `[` is an ordinary character, as in fnmatch.
        source += escapeChar(char);
      }
    } else {
      source += escapeChar(char);
    }
  }
  return wild ? new RegExp(`^${source}$`, 'u') : null;
}

/** `[...]` starting at `start`: its regular expression and the index of its closing `]`, or null if unclosed. */
function characterClass(part: string[], start: number): { source: string; end: number } | null {
  let i = start + 1;
  let negated = false;
  if (part[i] === '!' || part[i] === '^') {
    negated = true;
    i++;
  }
  const items: string[] = [];
  let first = true;
  while (i < part.length) {
    const char = part[i] as string;
    if (char === ']' && !first) {
      const body = items.join('');
      // An empty negated class would match anything; `[!]` is taken as a literal by fnmatch too.
      return { source: negated ? `[^/${body}]` : `[${body}]`, end: i };
    }
    first = false;
    const next = part[i + 1];
    const after = part[i + 2];
    if (next === '-' && after !== undefined && after !== ']') {
      if (after.codePointAt(0)! >= char.codePointAt(0)!) {
        items.push(`${escapeChar(char)}-${escapeChar(after)}`);
      }
      i += 3;
    } else {
      items.push(escapeChar(char));
      i++;
    }
  }
  return null;
}

function escapeChar(char: string): string {
  return `\\u{${char.codePointAt(0)!.toString(16)}}`;
}
