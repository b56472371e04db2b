import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { SandboxException } from '../errors/sandbox.exception.js';
import { bytesStream, rawTarGz, zipBomb } from '../testing/index.js';
import { listSandbox } from './list-sandbox.js';

describe(listSandbox.name, () => {
  it('lists entries with canonical paths, types, sizes and the modes they unpack with', async () => {
    const archive = rawTarGz([
      { path: './', type: 'Directory' },
      { path: './bin/', type: 'Directory', mode: 0o700 },
      { path: './bin/run', content: 'exec', mode: 0o6775 },
      { path: 'notes.txt', content: 'hello', mode: 0o600 },
      { path: 'bin/current', type: 'SymbolicLink', linkpath: 'run' },
      { path: 'again.txt', type: 'Link', linkpath: './notes.txt' },
    ]);

    const entries = await listSandbox(bytesStream(archive));

    expect(entries).toEqual([
      { path: 'bin', type: 'directory', size: 0, mode: 0o755, linkpath: undefined },
      { path: 'bin/run', type: 'file', size: 4, mode: 0o755, linkpath: undefined },
      { path: 'notes.txt', type: 'file', size: 5, mode: 0o644, linkpath: undefined },
      { path: 'bin/current', type: 'symlink', size: 0, mode: 0o777, linkpath: 'run' },
      { path: 'again.txt', type: 'hardlink', size: 0, mode: 0o644, linkpath: 'notes.txt' },
    ]);
  });

  it('refuses what extraction refuses, naming the entry', async () => {
    const archive = rawTarGz([
      { path: 'ok.txt', content: 'ok' },
      { path: 'etc', type: 'SymbolicLink', linkpath: '/etc' },
    ]);

    const error = await listSandbox(bytesStream(archive)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SandboxException);
    expect(error).toMatchObject({ code: 'unsafe-link', details: { entry: 'etc' } });
  });

  it('refuses a zip bomb by its header, without inflating it', async () => {
    await expect(listSandbox(zipBomb(1024 ** 3), { maxUnpackedBytes: 1024 * 1024 })).rejects.toMatchObject({ code: 'too-large' });
  });

  it('checks an expected sha256', async () => {
    const archive = rawTarGz([{ path: 'a', content: 'a' }]);
    const sha256 = createHash('sha256').update(archive).digest('hex');

    await expect(listSandbox(bytesStream(archive), { expectedSha256: sha256 })).resolves.toHaveLength(1);
    await expect(listSandbox(bytesStream(archive), { expectedSha256: '0'.repeat(64) })).rejects.toMatchObject({
      code: 'checksum-mismatch',
    });
  });
});
