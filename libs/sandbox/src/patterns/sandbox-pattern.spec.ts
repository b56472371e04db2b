import { describe, expect, it } from '@jest/globals';
import { compileSandboxPattern, matchSandboxPattern } from './sandbox-pattern.js';

describe(matchSandboxPattern.name, () => {
  it.each([
    ['std.out', 'std.out', true],
    ['std.out', 'std.err', false],
    ['*.log', 'job.log', true],
    ['*.log', 'logs/job.log', false],
    ['*.log', '.hidden.log', false],
    ['.*.log', '.hidden.log', true],
    ['job_?.txt', 'job_1.txt', true],
    ['job_?.txt', 'job_10.txt', false],
    ['job_[0-9].txt', 'job_7.txt', true],
    ['job_[0-9].txt', 'job_x.txt', false],
    ['job_[!0-9].txt', 'job_x.txt', true],
    ['job_[^0-9].txt', 'job_7.txt', false],
    ['[]]x', ']x', true],
    ['a[b', 'a[b', true],
    ['[é😀]', '😀', true],
    ['out/*/result.root', 'out/run1/result.root', true],
    ['out/*/result.root', 'out/run1/sub/result.root', false],
    ['out/**/result.root', 'out/result.root', true],
    ['out/**/result.root', 'out/a/b/c/result.root', true],
    ['out/**/result.root', 'out/.cache/result.root', false],
    ['**/*.root', 'deep/er/x.root', true],
    ['**', 'anything/at/all', true],
    ['./a//b', 'a/b', true],
    ['a.b', 'axb', false],
    ['(x)+', '(x)+', true],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(matchSandboxPattern(pattern, path)).toBe(expected);
  });

  it.each(['/etc/passwd', '../x', 'a/../../x', 'a\\b', '', './', '   '])('refuses the pattern %j', (pattern) => {
    expect(() => compileSandboxPattern(pattern)).toThrow(expect.objectContaining({ code: 'unsafe-path' }));
  });

  it('collapses repeated ** so matching stays linear', () => {
    expect(compileSandboxPattern('**/**/**/*.txt').segments.map((segment) => segment.kind)).toEqual(['globstar', 'wildcard']);
    expect(matchSandboxPattern('**/**/**/**/**/**/**/**/*.txt', `${'d/'.repeat(40)}x.bin`)).toBe(false);
  });
});
