import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { text, buffer } from 'node:stream/consumers';
import { bytesStream, rawTar, rawTarGz } from '../testing/index.js';
import { gzipSync } from 'node:zlib';
import { extractSandboxEntry } from './extract-sandbox-entry.js';

describe(extractSandboxEntry.name, () => {
  const big = randomBytes(300_000);
  const archive = rawTarGz([
    { path: 'logs/', type: 'Directory' },
    { path: 'logs/std.out', content: 'line 1\nline 2\n' },
    { path: './data/big.bin', content: big },
    { path: 'latest.log', type: 'SymbolicLink', linkpath: 'logs/std.out' },
  ]);

  it('streams one file out by its path', async () => {
    const { entry, stream } = await extractSandboxEntry(bytesStream(archive), 'logs/std.out');

    expect(entry).toMatchObject({ path: 'logs/std.out', type: 'file', size: 14 });
    expect(await text(stream)).toBe('line 1\nline 2\n');
  });

  it('finds a file by a non-canonical path and streams a large one whole', async () => {
    const { stream } = await extractSandboxEntry(bytesStream(archive, 1000), './data//big.bin');

    expect((await buffer(stream)).equals(big)).toBe(true);
  });

  it('stops reading the archive once the file is out', async () => {
    const source = bytesStream(archive, 512);
    const { stream } = await extractSandboxEntry(source, 'logs/std.out');
    await text(stream);

    expect(source.destroyed).toBe(true);
  });

  it('streams an empty file', async () => {
    const { entry, stream } = await extractSandboxEntry(
      bytesStream(rawTarGz([{ path: 'empty' }, { path: 'after', content: 'x' }])),
      'empty',
    );

    expect(entry.size).toBe(0);
    expect(await text(stream)).toBe('');
  });

  it('fails with missing-file for a path the sandbox does not hold', async () => {
    await expect(extractSandboxEntry(bytesStream(archive), 'logs/std.err')).rejects.toMatchObject({ code: 'missing-file' });
  });

  it('refuses to follow a link, and refuses unsafe paths', async () => {
    await expect(extractSandboxEntry(bytesStream(archive), 'latest.log')).rejects.toMatchObject({ code: 'unsupported-entry' });
    await expect(extractSandboxEntry(bytesStream(archive), 'logs')).rejects.toMatchObject({ code: 'unsupported-entry' });
    await expect(extractSandboxEntry(bytesStream(archive), '../etc/passwd')).rejects.toMatchObject({ code: 'unsafe-path' });
  });

  it('refuses an archive whose earlier entries are unsafe', async () => {
    const evil = rawTarGz([
      { path: '/etc/cron.d/x', content: 'x' },
      { path: 'wanted.txt', content: 'w' },
    ]);

    await expect(extractSandboxEntry(bytesStream(evil), 'wanted.txt')).rejects.toMatchObject({ code: 'unsafe-path' });
  });

  it('fails the stream when the archive is cut short inside the file', async () => {
    const tar = rawTar([{ path: 'cut.bin', content: randomBytes(100_000) }]);
    const { stream } = await extractSandboxEntry(bytesStream(gzipSync(tar.subarray(0, 50_000))), 'cut.bin');

    await expect(buffer(stream)).rejects.toMatchObject({ code: 'corrupt-archive' });
  });
});
