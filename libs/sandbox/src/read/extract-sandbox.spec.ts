import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdir, readFile, readdir, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable } from 'node:stream';
import { SandboxException } from '../errors/sandbox.exception.js';
import { bytesStream, rawTar, rawTarGz, sandboxDirs, zipBomb, type RawTarEntry, type SandboxDirs } from '../testing/index.js';
import { extractSandbox, type ExtractSandboxOptions } from './extract-sandbox.js';

describe(extractSandbox.name, () => {
  let dirs: SandboxDirs;

  beforeEach(async () => {
    dirs = await sandboxDirs();
  });

  afterEach(async () => {
    await dirs.remove();
  });

  const extract = (archive: Buffer | Readable, options: Partial<ExtractSandboxOptions> = {}) =>
    extractSandbox({ source: Buffer.isBuffer(archive) ? bytesStream(archive) : archive, target: dirs.target, ...options });

  /** Expect the extraction to fail with `code`, naming `entry`, and nothing written outside the target. */
  async function expectRefused(archive: Buffer | Readable, code: string, entry?: string, options?: Partial<ExtractSandboxOptions>) {
    const error = await extract(archive, options).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(SandboxException);
    expect((error as SandboxException).code).toBe(code);
    if (entry !== undefined) {
      expect((error as SandboxException).message).toContain(JSON.stringify(entry));
    }
    expect(await dirs.escaped()).toEqual([]);
    return error as SandboxException;
  }

  it('unpacks files, directories, an executable bit and links that stay inside', async () => {
    const archive = rawTarGz([
      { path: 'bin/', type: 'Directory' },
      { path: 'bin/run.sh', content: '#!/bin/sh\necho hi\n', mode: 0o4755 },
      { path: 'data/input.txt', content: 'input' },
      { path: 'latest', type: 'SymbolicLink', linkpath: 'data/input.txt' },
      { path: 'data/copy.txt', type: 'Link', linkpath: 'data/input.txt' },
    ]);

    const result = await extract(archive);

    expect(result).toMatchObject({ entries: 5, unpackedBytes: 23, bytes: archive.length });
    expect(result.sha256).toBe(createHash('sha256').update(archive).digest('hex'));
    expect(await readFile(join(dirs.target, 'bin/run.sh'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect((await lstat(join(dirs.target, 'bin/run.sh'))).mode & 0o7777).toBe(0o755);
    expect((await lstat(join(dirs.target, 'data/input.txt'))).mode & 0o111).toBe(0);
    expect(await readlink(join(dirs.target, 'latest'))).toBe('data/input.txt');
    expect(await readFile(join(dirs.target, 'data/copy.txt'), 'utf8')).toBe('input');
  });

  it.each([
    ['in byte order, as packSandbox writes them', ['lib.so', 'lib.so.1', 'lib.so.1.2']],
    ['targets first', ['lib.so.1.2', 'lib.so.1', 'lib.so']],
  ])('unpacks a chain of symlinks as shared libraries ship them, %s', async (_order, names) => {
    const entries: Record<string, RawTarEntry> = {
      'lib.so': { path: 'lib.so', type: 'SymbolicLink', linkpath: 'lib.so.1' },
      'lib.so.1': { path: 'lib.so.1', type: 'SymbolicLink', linkpath: 'lib.so.1.2' },
      'lib.so.1.2': { path: 'lib.so.1.2', content: 'ELF' },
    };

    await extract(rawTarGz(names.map((name) => entries[name] as RawTarEntry)));

    expect(await readFile(join(dirs.target, 'lib.so'), 'utf8')).toBe('ELF');
  });

  it('unpacks what GNU tar makes: ./ names, long names, an executable and a relative link', async () => {
    const source = join(dirs.root, 'made-by-gnu-tar');
    const long = `${'sub'.repeat(40)}/${'name'.repeat(30)}.txt`;
    await mkdir(join(source, 'sub'.repeat(40)), { recursive: true });
    await writeFile(join(source, long), 'long');
    await writeFile(join(source, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    await symlink(long, join(source, 'short'));
    const archive = join(dirs.root, 'gnu.tar.gz');
    execFileSync('tar', ['--format=gnu', '-czf', archive, '-C', source, '.']);

    await extractSandbox({ source: createReadStream(archive), target: dirs.target });

    expect(await readFile(join(dirs.target, 'short'), 'utf8')).toBe('long');
    expect((await lstat(join(dirs.target, 'run.sh'))).mode & 0o111).not.toBe(0);
  });

  it('unpacks an empty archive into an empty directory', async () => {
    await extract(rawTarGz([]));

    expect(await readdir(dirs.target)).toEqual([]);
  });

  it('checks the sha256 it was given', async () => {
    const archive = rawTarGz([{ path: 'a.txt', content: 'a' }]);

    await expectRefused(archive, 'checksum-mismatch', undefined, { expectedSha256: 'f'.repeat(64) });
    await expect(extract(archive, { expectedSha256: createHash('sha256').update(archive).digest('hex') })).resolves.toMatchObject({
      entries: 1,
    });
  });

  it('refuses an archive larger than maxBytes while it streams', async () => {
    const archive = rawTarGz([{ path: 'a.bin', content: randomBytes(5000) }]);

    const error = await expectRefused(archive, 'too-large', undefined, { maxBytes: 1000 });

    expect(error.message).toMatch(/^Sandbox is larger than the 1000 B limit \(at least .* received\)/);
  });

  describe('refuses the whole archive, writing nothing outside the target', () => {
    it('for an absolute path', async () => {
      const absolute = join(dirs.outside, 'x');
      await expectRefused(rawTarGz([{ path: absolute, content: 'pwned' }]), 'unsafe-path', absolute);
      expect(await readdir(dirs.target)).toEqual([]);
    });

    it('for /tmp/x', async () => {
      await expectRefused(rawTarGz([{ path: '/tmp/x', content: 'pwned' }]), 'unsafe-path', '/tmp/x');
      expect(await readdir(dirs.target)).toEqual([]);
    });

    it.each(['../../x', '../x', 'a/../../x', 'a/../x', '..'])('for %s', async (path) => {
      await expectRefused(rawTarGz([{ path, content: 'pwned' }]), 'unsafe-path', path);
    });

    it('for a symlink to /etc, and a file written through it', async () => {
      await expectRefused(
        rawTarGz([
          { path: 'link', type: 'SymbolicLink', linkpath: '/etc' },
          { path: 'link/passwd', content: 'root::0:0::/:/bin/sh\n' },
        ]),
        'unsafe-link',
        'link',
      );
    });

    it('for a symlink leading out with ..', async () => {
      await expectRefused(rawTarGz([{ path: 'a/up', type: 'SymbolicLink', linkpath: '../../../outside' }]), 'unsafe-link', 'a/up');
    });

    it('for a file written through an earlier symlink, even one that stays inside', async () => {
      await expectRefused(
        rawTarGz([
          { path: 'real/', type: 'Directory' },
          { path: 'alias', type: 'SymbolicLink', linkpath: 'real' },
          { path: 'alias/file', content: 'x' },
        ]),
        'unsafe-link',
        'alias/file',
      );
    });

    it('for a file written through a symlink already in the target', async () => {
      await symlink(dirs.outside, join(dirs.target, 'exit'));

      await expectRefused(rawTarGz([{ path: 'exit/x', content: 'pwned' }]), 'unsafe-link', 'exit/x');
    });

    it('for a symlink that escapes through a later symlink and ..', async () => {
      // `x -> d/s/..` looks like `d` when written; once `d/s -> ..` exists it is the target's parent.
      await expectRefused(
        rawTarGz([
          { path: 'd/', type: 'Directory' },
          { path: 'x', type: 'SymbolicLink', linkpath: 'd/s/..' },
          { path: 'd/s', type: 'SymbolicLink', linkpath: '..' },
        ]),
        'unsafe-link',
        'x',
      );
    });

    it('for a symlink that escapes through an earlier symlink and ..', async () => {
      await expectRefused(
        rawTarGz([
          { path: 'd/s', type: 'SymbolicLink', linkpath: '..' },
          { path: 'x', type: 'SymbolicLink', linkpath: 'd/s/..' },
        ]),
        'unsafe-link',
        'x',
      );
    });

    it('for a hard link to /etc/passwd', async () => {
      await expectRefused(rawTarGz([{ path: 'passwd', type: 'Link', linkpath: '/etc/passwd' }]), 'unsafe-link', 'passwd');
    });

    it('for a hard link out with ..', async () => {
      const secret = join(dirs.outside, 'secret');
      await writeFile(secret, 'secret');

      const error = await extract(rawTarGz([{ path: 'h', type: 'Link', linkpath: '../../outside/secret' }])).catch(
        (failure: unknown) => failure,
      );

      expect(error).toMatchObject({ code: 'unsafe-link', message: expect.stringContaining('"h"') });
      expect(await readdir(dirs.target)).toEqual([]);
      expect((await lstat(secret)).nlink).toBe(1);
    });

    it('for a hard link to a file that is not earlier in the archive', async () => {
      await expectRefused(
        rawTarGz([
          { path: 'h', type: 'Link', linkpath: 'later' },
          { path: 'later', content: 'x' },
        ]),
        'unsafe-link',
        'h',
      );
    });

    it.each([
      ['FIFO', 'fifo'],
      ['CharacterDevice', 'tty'],
      ['BlockDevice', 'disk'],
    ] as const)('for a %s entry', async (type, path) => {
      await expectRefused(rawTarGz([{ path, type }]), 'unsupported-entry', path);
    });

    it('for more entries than maxEntries', async () => {
      const entries: RawTarEntry[] = Array.from({ length: 6 }, (_, i) => ({ path: `f${i}`, content: 'x' }));

      await expectRefused(rawTarGz(entries), 'too-many-entries', 'f5', { maxEntries: 5 });
    });

    it('for a 1 GB file of zeros compressed small (a zip bomb)', async () => {
      const error = await expectRefused(zipBomb(1024 ** 3), 'too-large', 'bomb.bin', { maxUnpackedBytes: 64 * 1024 * 1024 });

      expect(error.message).toContain('unpacks to more than the 64 MiB limit');
      expect(await readdir(dirs.target)).toEqual([]);
    });

    it('for a truncated gzip', async () => {
      const archive = rawTarGz([{ path: 'a.txt', content: 'a'.repeat(5000) }]);

      await expectRefused(archive.subarray(0, archive.length - 20), 'corrupt-archive');
    });

    it('for a tar cut short inside a valid gzip', async () => {
      const { gzipSync } = await import('node:zlib');
      const tar = rawTar([{ path: 'a.txt', content: 'a'.repeat(5000) }]);

      await expectRefused(gzipSync(tar.subarray(0, 2048)), 'corrupt-archive');
    });

    it('for bytes that are not an archive at all', async () => {
      await expectRefused(Buffer.from('this is not a tar.gz, just some text that goes on a little while. '.repeat(20)), 'corrupt-archive');
    });

    it('for a file appearing twice', async () => {
      await expectRefused(
        rawTarGz([
          { path: 'a', content: '1' },
          { path: 'a', content: '2' },
        ]),
        'unsafe-path',
        'a',
      );
    });
  });

  it('adds to a target that earlier sandboxes filled, replacing their files', async () => {
    await mkdir(join(dirs.target, 'sub'));
    await writeFile(join(dirs.target, 'sub/old.txt'), 'old');

    await extract(rawTarGz([{ path: 'sub/old.txt', content: 'new' }]));

    expect(await readFile(join(dirs.target, 'sub/old.txt'), 'utf8')).toBe('new');
  });
});
