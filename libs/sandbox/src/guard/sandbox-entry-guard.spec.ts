import { describe, expect, it } from '@jest/globals';
import { SandboxException } from '../errors/sandbox.exception.js';
import { type ExistingNode, SandboxEntryGuard } from './sandbox-entry-guard.js';
import { type TarEntryHeader } from './sandbox-entry.js';

const limits = { maxEntries: 100, maxUnpackedBytes: 1000 };
const file = (path: string, size = 1): TarEntryHeader => ({ path, type: 'File', size, mode: 0o644 });
const dir = (path: string): TarEntryHeader => ({ path, type: 'Directory', size: 0 });
const symlink = (path: string, linkpath: string): TarEntryHeader => ({ path, type: 'SymbolicLink', size: 0, linkpath });
const hardlink = (path: string, linkpath: string): TarEntryHeader => ({ path, type: 'Link', size: 0, linkpath });

/** Admit the entries in order (then finish); the code of the refusal, or 'ok'. */
function verdict(entries: TarEntryHeader[], existing: Record<string, ExistingNode> = {}): string {
  const sut = new SandboxEntryGuard(limits, (path) => existing[path]);
  try {
    entries.forEach((entry) => sut.admit(entry));
    sut.finish();
    return 'ok';
  } catch (error) {
    if (error instanceof SandboxException) {
      return error.code;
    }
    throw error;
  }
}

describe(SandboxEntryGuard.name, () => {
  it('makes names canonical and skips the root directory entry', () => {
    const sut = new SandboxEntryGuard(limits);

    expect(sut.admit(dir('./'))).toBeNull();
    expect(sut.admit(file('./a//b/./c.txt'))).toMatchObject({ path: 'a/b/c.txt', type: 'file' });
    expect(sut.admit(dir('a/b/'))).toMatchObject({ path: 'a/b', type: 'directory', mode: 0o755 });
  });

  it('keeps only the executable bit of a mode', () => {
    const sut = new SandboxEntryGuard(limits);

    expect(sut.admit({ ...file('suid'), mode: 0o4755 })?.mode).toBe(0o755);
    expect(sut.admit({ ...file('private'), mode: 0o600 })?.mode).toBe(0o644);
    expect(sut.admit({ ...file('group-exec'), mode: 0o610 })?.mode).toBe(0o755);
  });

  it.each([
    ['/etc/passwd', 'unsafe-path'],
    ['../x', 'unsafe-path'],
    ['a/../../x', 'unsafe-path'],
    ['a/..', 'unsafe-path'],
    ['C:/Windows/x', 'unsafe-path'],
    ['a\\..\\..\\x', 'unsafe-path'],
    ['fine/name.txt', 'ok'],
    ['..hidden', 'ok'],
  ])('judges the name %s: %s', (path, expected) => {
    expect(verdict([file(path)])).toBe(expected);
  });

  it.each([
    ['an absolute symlink', [symlink('l', '/etc')], 'unsafe-link'],
    ['a symlink up and out', [symlink('a/l', '../../x')], 'unsafe-link'],
    ['a symlink up but inside', [symlink('a/b/l', '../../x')], 'ok'],
    ['a symlink to the root itself', [symlink('a/l', '..')], 'ok'],
    ['an empty symlink', [symlink('l', '')], 'unsafe-link'],
    ['a chain of symlinks', [symlink('lib.so', 'lib.so.1'), symlink('lib.so.1', 'lib.so.1.2'), file('lib.so.1.2')], 'ok'],
    ['a symlink out through an earlier one', [symlink('d/s', '..'), symlink('x', 'd/s/..')], 'unsafe-link'],
    ['a symlink out through a later one', [dir('d'), symlink('x', 'd/s/..'), symlink('d/s', '..')], 'unsafe-link'],
    ['a loop of symlinks', [symlink('a', 'b'), symlink('b', 'a')], 'unsafe-link'],
    ['a file through a symlink', [dir('real'), symlink('alias', 'real'), file('alias/x')], 'unsafe-link'],
    ['a file through a symlink differing in case', [dir('real'), symlink('Alias', 'real'), file('alias/x')], 'unsafe-link'],
    ['a file replacing a symlink', [symlink('l', 'x'), file('l')], 'unsafe-link'],
    ['a symlink replacing a directory', [file('d/x'), symlink('d', 'elsewhere')], 'unsafe-path'],
    ['a hard link to a file before it', [file('a'), hardlink('b', 'a'), hardlink('c', './b')], 'ok'],
    ['a hard link out', [hardlink('h', '/etc/passwd')], 'unsafe-link'],
    ['a hard link up', [file('a/f'), hardlink('a/h', '../a/f')], 'unsafe-link'],
    ['a hard link to a later file', [hardlink('h', 'f'), file('f')], 'unsafe-link'],
    ['a hard link to a directory', [dir('d'), hardlink('h', 'd')], 'unsafe-link'],
    ['a hard link to a symlink', [symlink('s', 'x'), hardlink('h', 's')], 'unsafe-link'],
    ['a file where a file was', [file('a'), file('a')], 'unsafe-path'],
    ['a directory twice', [dir('a'), dir('a/'), file('a/x')], 'ok'],
    ['a file under a file', [file('a'), file('a/b')], 'unsafe-path'],
  ] as const)('judges %s', (_what, entries, expected) => {
    expect(verdict([...entries])).toBe(expected);
  });

  it.each([
    ['writing through a symlink already there', { exit: { kind: 'symlink', linkpath: '/tmp' } }, [file('exit/x')], 'unsafe-link'],
    ['a symlink through a symlink already there', { up: { kind: 'symlink', linkpath: '..' } }, [symlink('x', 'up/..')], 'unsafe-link'],
    ['replacing a symlink already there', { l: { kind: 'symlink', linkpath: 'x' } }, [file('l')], 'unsafe-link'],
    ['replacing a file already there', { f: { kind: 'file' } }, [file('f')], 'ok'],
    ['replacing a FIFO already there', { p: { kind: 'other' } }, [file('p')], 'unsafe-path'],
    ['a file under a file already there', { f: { kind: 'file' } }, [file('f/x')], 'unsafe-path'],
  ] as const)('judges %s', (_what, existing, entries, expected) => {
    expect(verdict([...entries], existing as Record<string, ExistingNode>)).toBe(expected);
  });

  it.each([
    ['FIFO', 'unsupported-entry'],
    ['CharacterDevice', 'unsupported-entry'],
    ['BlockDevice', 'unsupported-entry'],
    ['SparseFile', 'unsupported-entry'],
    ['ContiguousFile', 'ok'],
    ['OldFile', 'ok'],
  ])('judges a %s entry: %s', (type, expected) => {
    expect(verdict([{ path: 'x', type, size: 0 }])).toBe(expected);
  });

  it('refuses the entry past maxEntries', () => {
    const sut = new SandboxEntryGuard({ maxEntries: 2, maxUnpackedBytes: 1000 });
    sut.admit(file('a'));
    sut.admit(file('b'));

    expect(() => sut.admit(file('c'))).toThrow(
      expect.objectContaining({ code: 'too-many-entries', details: expect.objectContaining({ entry: 'c' }) }),
    );
  });

  it('refuses the entry that takes the unpacked size past the limit, saying by how much', () => {
    const sut = new SandboxEntryGuard({ maxEntries: 100, maxUnpackedBytes: 10 * 1024 * 1024 });
    sut.admit(file('a', 6 * 1024 * 1024));

    expect(() => sut.admit(file('b', 6 * 1024 * 1024))).toThrow(
      'Sandbox unpacks to more than the 10 MiB limit (at least 12 MiB with "b"); it may be a zip bomb; ship large data through a storage element',
    );
  });

  it('quotes names so that control characters cannot forge log lines', () => {
    expect(() => new SandboxEntryGuard(limits).admit(file('/x\nINFO all good'))).toThrow('"/x\\nINFO all good"');
  });
});
