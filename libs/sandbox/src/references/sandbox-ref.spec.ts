import { describe, expect, it } from '@jest/globals';
import { classifySandboxEntry } from './classify-sandbox-entry.js';
import { parseSandboxRef, sandboxRef } from './sandbox-ref.js';

const sha256 = 'ab'.repeat(32);

describe(sandboxRef.name, () => {
  it('names a sandbox by its sha256, lower-cased', () => {
    expect(sandboxRef(sha256.toUpperCase())).toBe(`SB:sha256:${sha256}`);
  });

  it('refuses what is not a sha256', () => {
    expect(() => sandboxRef('abc')).toThrow(expect.objectContaining({ code: 'invalid-reference' }));
  });
});

describe(parseSandboxRef.name, () => {
  it.each([
    [`SB:sha256:${sha256}`, sha256],
    [`  sb:SHA256:${sha256.toUpperCase()} `, sha256],
    [`SB:sha256:${sha256}0`, null],
    ['SB:ProductionSandboxSE|/SandBox/x.tar.bz2', null],
    ['LFN:/vo/file', null],
    ['input.txt', null],
  ])('reads %j as %j', (text, expected) => {
    expect(parseSandboxRef(text)).toBe(expected);
  });
});

describe(classifySandboxEntry.name, () => {
  it.each([
    [`SB:sha256:${sha256}`, { kind: 'sandbox', sha256 }],
    ['LFN:/lhcb/user/a/alice/data.root', { kind: 'lfn', lfn: '/lhcb/user/a/alice/data.root' }],
    ['lfn:/vo/x', { kind: 'lfn', lfn: '/vo/x' }],
    ['input/*.txt', { kind: 'local', path: 'input/*.txt' }],
    [' run.sh ', { kind: 'local', path: 'run.sh' }],
  ])('sorts %j', (entry, expected) => {
    expect(classifySandboxEntry(entry)).toEqual(expected);
  });

  it.each(['SB:ProductionSandboxSE|/SandBox/x.tar.bz2', 'LFN:relative/path', '  '])('refuses %j', (entry) => {
    expect(() => classifySandboxEntry(entry)).toThrow(expect.objectContaining({ code: 'invalid-reference' }));
  });
});
