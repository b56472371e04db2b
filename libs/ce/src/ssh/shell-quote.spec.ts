import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { shellCommandLine, shellQuote } from './shell-quote.js';

/** What `printf %s <quoted>` prints through a real shell. */
function throughShell(shell: string, quoted: string): string {
  const result = spawnSync(shell, ['-c', `printf %s ${quoted}`], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  return result.stdout;
}

/** Strings a program can receive: no NUL, and valid UTF-16 (a lone surrogate cannot be encoded). */
const hostileChar = fc.constantFrom(
  "'",
  '"',
  '\\',
  '$',
  '`',
  '\n',
  '\t',
  '!',
  '*',
  '?',
  ' ',
  '#',
  '~',
  '=',
  '(',
  ')',
  ';',
  '&',
  '|',
  '<',
  '>',
  '{',
  '}',
  'é',
);
const passableString = fc
  .string({ unit: fc.oneof(hostileChar, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) })
  .filter((s) => !s.includes('\0') && Buffer.from(s, 'utf8').toString('utf8') === s);

describe(shellQuote.name, () => {
  it('leaves plain words unquoted', () => {
    expect(shellQuote('/usr/bin/node')).toBe('/usr/bin/node');
    expect(shellQuote('--slots')).toBe('--slots');
    expect(shellQuote('ssh://ce.example.org/1')).toBe('ssh://ce.example.org/1');
  });

  it('quotes the empty word, assignments, globs and a leading tilde', () => {
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('A=b')).toBe("'A=b'");
    expect(shellQuote('*')).toBe("'*'");
    expect(shellQuote('~root')).toBe("'~root'");
  });

  it('writes a single quote as close, escaped quote, reopen', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('refuses a NUL byte', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });

  it('round-trips any string through sh -c', () => {
    fc.assert(
      fc.property(passableString, (word) => {
        expect(throughShell('sh', shellQuote(word))).toBe(word);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips hostile strings through sh and bash', () => {
    for (const word of ['$(rm -rf /)', '`reboot`', "'; exit 7; '", '"\n"', 'a\nb\n', '$HOME ${PATH}', '!!', '\\', "''", '-n']) {
      expect(throughShell('sh', shellQuote(word))).toBe(word);
      expect(throughShell('bash', shellQuote(word))).toBe(word);
    }
  });
});

describe(shellCommandLine.name, () => {
  it('keeps every argv word one word', () => {
    fc.assert(
      fc.property(fc.array(passableString, { maxLength: 5 }), (argv) => {
        const result = spawnSync('sh', ['-c', `for w in "$@"; do printf '%s\\0' "$w"; done`, 'sh', ...argv], { encoding: 'utf8' });
        const viaLine = spawnSync('sh', ['-c', `set -- ${shellCommandLine(argv)}; for w in "$@"; do printf '%s\\0' "$w"; done`], {
          encoding: 'utf8',
        });
        expect(viaLine.stdout).toBe(result.stdout);
      }),
      { numRuns: 100 },
    );
  });
});
