import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { SandboxException } from '../errors/sandbox.exception.js';
import { extractSandbox } from '../read/extract-sandbox.js';
import { listSandbox } from '../read/list-sandbox.js';
import { packSandbox } from './pack-sandbox.js';

describe(packSandbox.name, () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'majorana-pack-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** A job directory with a few outputs, made under `root/name`. */
  async function jobDir(name: string, mtime = new Date('2024-05-01T12:00:00Z')): Promise<string> {
    const dir = join(root, name);
    await mkdir(join(dir, 'results/plots'), { recursive: true });
    await writeFile(join(dir, 'std.out'), 'hello\n');
    await writeFile(join(dir, 'run.sh'), '#!/bin/sh\n');
    await chmod(join(dir, 'run.sh'), 0o750);
    await writeFile(join(dir, 'results/summary.json'), '{"events": 10}\n');
    await writeFile(join(dir, 'results/plots/a.png'), randomBytes(64));
    await writeFile(join(dir, 'results/.hidden'), 'h');
    for (const path of ['std.out', 'run.sh', 'results/summary.json', 'results/plots/a.png', 'results/.hidden']) {
      await utimes(join(dir, path), mtime, mtime);
    }
    return dir;
  }

  it('packs listed files and directories into a tar.gz that extracts to the same tree', async () => {
    const cwd = await jobDir('job');
    const output = join(root, 'out.tar.gz');

    const packed = await packSandbox({ cwd, files: ['std.out', 'run.sh', 'results', 'nothing.txt'], output, maxBytes: 1024 * 1024 });

    expect(packed.files).toEqual([
      'results',
      'results/.hidden',
      'results/plots',
      'results/plots/a.png',
      'results/summary.json',
      'run.sh',
      'std.out',
    ]);
    expect(packed.missing).toEqual(['nothing.txt']);
    expect(packed.sha256).toBe(
      createHash('sha256')
        .update(await readFile(output))
        .digest('hex'),
    );
    expect(packed.bytes).toBe((await readFile(output)).length);

    const target = join(root, 'unpacked');
    await extractSandbox({ source: createReadStream(output), target, expectedSha256: packed.sha256 });
    expect(await readFile(join(target, 'results/summary.json'), 'utf8')).toBe('{"events": 10}\n');
    expect(await readFile(join(target, 'results/plots/a.png'))).toEqual(await readFile(join(cwd, 'results/plots/a.png')));
    expect((await lstat(join(target, 'run.sh'))).mode & 0o777).toBe(0o755);
    expect((await lstat(join(target, 'std.out'))).mode & 0o777).toBe(0o644);
  });

  it('makes the same bytes from the same files, whatever their mtimes, owners or directory', async () => {
    const first = await jobDir('first', new Date('2020-01-01T00:00:00Z'));
    const second = await jobDir('second', new Date('2025-06-30T00:00:00Z'));
    await writeFile(join(second, 'results/plots/a.png'), await readFile(join(first, 'results/plots/a.png')));
    await chmod(join(second, 'std.out'), 0o600);
    await chmod(join(second, 'run.sh'), 0o700);

    const a = await packSandbox({ cwd: first, files: ['*'], output: join(root, 'a.tar.gz'), maxBytes: 1 << 20 });
    const b = await packSandbox({
      cwd: second,
      files: ['run.sh', 'results/**', 'std.out', 'results'],
      output: join(root, 'b.tar.gz'),
      maxBytes: 1 << 20,
    });

    expect(b.files).toEqual(a.files);
    expect(b.sha256).toBe(a.sha256);
  });

  it('writes entries with a fixed mtime, owner 0 and modes that keep only the executable bit', async () => {
    const cwd = await jobDir('job');
    const packed = await packSandbox({ cwd, files: ['run.sh', 'std.out', 'results'], maxBytes: 1 << 20 });

    const entries = await listSandbox(packed.stream);

    expect(entries.map(({ path, type, mode }) => [path, type, mode.toString(8)])).toEqual([
      ['results', 'directory', '755'],
      ['results/.hidden', 'file', '644'],
      ['results/plots', 'directory', '755'],
      ['results/plots/a.png', 'file', '644'],
      ['results/summary.json', 'file', '644'],
      ['run.sh', 'file', '755'],
      ['std.out', 'file', '644'],
    ]);
    await expect(packed.done).resolves.toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('streams the archive when no output is given, with its sha256 once read', async () => {
    const cwd = await jobDir('job');
    const file = await packSandbox({ cwd, files: ['*'], output: join(root, 'file.tar.gz'), maxBytes: 1 << 20 });
    const streamed = await packSandbox({ cwd, files: ['*'], maxBytes: 1 << 20 });

    const bytes = await buffer(streamed.stream);

    expect(await streamed.done).toEqual({ sha256: file.sha256, bytes: file.bytes });
    expect(bytes.equals(await readFile(join(root, 'file.tar.gz')))).toBe(true);
  });

  it('packs a long, non-ASCII name through a pax header', async () => {
    const cwd = join(root, 'long');
    const name = `${'d'.repeat(120)}/${'é'.repeat(80)}.txt`;
    await mkdir(join(cwd, 'd'.repeat(120)), { recursive: true });
    await writeFile(join(cwd, name), 'long');

    const packed = await packSandbox({ cwd, files: ['**/*.txt'], maxBytes: 1 << 20 });
    const entries = await listSandbox(packed.stream);

    expect(entries.map((entry) => entry.path)).toEqual([name]);
  });

  it('packs an empty sandbox when nothing matches, and it extracts', async () => {
    const cwd = await jobDir('job');
    const output = join(root, 'empty.tar.gz');

    const packed = await packSandbox({ cwd, files: ['*.root'], output, maxBytes: 1 << 20 });

    expect(packed).toMatchObject({ files: [], missing: ['*.root'] });
    await extractSandbox({ source: createReadStream(output), target: join(root, 'empty') });
    expect(await readdir(join(root, 'empty'))).toEqual([]);
  });

  it('keeps a symlink that points inside as a link', async () => {
    const cwd = await jobDir('job');
    await symlink('results/summary.json', join(cwd, 'summary'));
    const output = join(root, 'links.tar.gz');

    const packed = await packSandbox({ cwd, files: ['summary', 'results/summary.json'], output, maxBytes: 1 << 20 });
    const target = join(root, 'unpacked');
    await extractSandbox({ source: createReadStream(output), target });

    expect(packed.files).toEqual(['results/summary.json', 'summary']);
    expect(await readlink(join(target, 'summary'))).toBe('results/summary.json');
  });

  it.each([
    ['an absolute path', (outside: string) => outside],
    ['a relative path out', () => '../outside.txt'],
  ])('refuses a symlink to %s', async (_what, linkpath) => {
    const cwd = await jobDir('job');
    await writeFile(join(root, 'outside.txt'), 'secret');
    await symlink(linkpath(join(root, 'outside.txt')), join(cwd, 'leak'));

    const error = await packSandbox({ cwd, files: ['*'], output: join(root, 'x.tar.gz'), maxBytes: 1 << 20 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SandboxException);
    expect(error).toMatchObject({ code: 'unsafe-link', message: expect.stringContaining('"leak"') });
    await expect(lstat(join(root, 'x.tar.gz'))).rejects.toThrow();
  });

  it('refuses a symlink that leaves through another symlink the sandbox does not hold', async () => {
    const cwd = await jobDir('job');
    await symlink('..', join(cwd, 'up'));
    await symlink('up/outside.txt', join(cwd, 'leak'));

    await expect(packSandbox({ cwd, files: ['leak'], maxBytes: 1 << 20 })).rejects.toMatchObject({ code: 'unsafe-link' });
  });

  it('refuses a pattern that goes through a symlink, absolute patterns and ..', async () => {
    const cwd = await jobDir('job');
    await symlink('/etc', join(cwd, 'etc'));

    await expect(packSandbox({ cwd, files: ['etc/passwd'], maxBytes: 1 << 20 })).rejects.toMatchObject({ code: 'unsafe-link' });
    await expect(packSandbox({ cwd, files: ['/etc/passwd'], maxBytes: 1 << 20 })).rejects.toMatchObject({ code: 'unsafe-path' });
    await expect(packSandbox({ cwd, files: ['results/../../x'], maxBytes: 1 << 20 })).rejects.toMatchObject({ code: 'unsafe-path' });
  });

  it('fails with too-large past maxBytes and leaves no partial output', async () => {
    const cwd = join(root, 'big');
    await mkdir(cwd);
    await writeFile(join(cwd, 'noise.bin'), randomBytes(200_000));
    const output = join(root, 'big.tar.gz');

    const error = await packSandbox({ cwd, files: ['noise.bin'], output, maxBytes: 100_000 }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'too-large' });
    expect((error as Error).message).toMatch(
      /^Sandbox is larger than the 97.7 KiB limit \(at least .* KiB received\); raise MAJORANA_MAX_SANDBOX_BYTES/,
    );
    await expect(lstat(output)).rejects.toThrow();
  });
});
