import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { bytesStream, rawTarGz } from '@majorana/sandbox/testing';
import { loadServerConfig } from '../config/server-config.js';
import { LocalSandboxStore } from './local-sandbox.store.js';
import { SandboxApiErrorCode } from './sandbox-api.exception.js';
import { SandboxIntakeService, type AcceptSandbox } from './sandbox-intake.service.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe(SandboxIntakeService.name, () => {
  let home: string;
  let store: LocalSandboxStore;
  let sut: SandboxIntakeService;
  let accept: jest.Mock<AcceptSandbox>;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'majorana-intake-'));
    const config = loadServerConfig({ MAJORANA_HOME: home, MAJORANA_MAX_SANDBOX_BYTES: '4096' });
    store = new LocalSandboxStore(config.sandboxDir);
    sut = new SandboxIntakeService(store, config);
    accept = jest.fn<AcceptSandbox>(() => Promise.resolve());
  });

  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  const stored = (): Promise<string[]> => readdir(join(home, 'sandboxes'), { recursive: true }).catch(() => []);

  it('stores a safe archive under its sha256 once accept took it, with its entries', async () => {
    const archive = rawTarGz([{ path: 'run.sh', content: 'echo', mode: 0o755 }]);
    const received = await sut.receive({ stream: bytesStream(archive, 100), expectedSha256: sha256(archive) }, accept);

    expect(received).toMatchObject({
      sha256: sha256(archive),
      bytes: archive.length,
      entries: [{ path: 'run.sh', type: 'file', size: 4 }],
    });
    expect(accept).toHaveBeenCalledWith({ sha256: sha256(archive), bytes: archive.length }, received.entries);
    expect(await store.exists(sha256(archive))).toBe(true);
  });

  it('keeps nothing when accept refuses (an attempt overtaken during the upload)', async () => {
    const archive = rawTarGz([{ path: 'std.out', content: 'late' }]);
    accept.mockRejectedValue(new Error('attempt 1 is no longer current'));

    await expect(sut.receive({ stream: bytesStream(archive) }, accept)).rejects.toThrow('attempt 1 is no longer current');
    expect(await store.exists(sha256(archive))).toBe(false);
    expect((await stored()).filter((name) => name.endsWith('.part') || name.endsWith('.tar.gz'))).toEqual([]);
  });

  it('refuses an unsafe archive without asking accept, keeping nothing', async () => {
    const archive = rawTarGz([{ path: '../escape', content: 'x' }]);
    await expect(sut.receive({ stream: bytesStream(archive) }, accept)).rejects.toMatchObject({ code: 'unsafe-path' });
    expect(accept).not.toHaveBeenCalled();
    expect((await stored()).filter((name) => name.endsWith('.part') || name.endsWith('.tar.gz'))).toEqual([]);
  });

  it('refuses an archive announced over the limit before reading it', async () => {
    const source = Readable.from([Buffer.alloc(10)]);
    await expect(sut.receive({ stream: source, declaredBytes: 5000 }, accept)).rejects.toMatchObject({
      code: SandboxApiErrorCode.TooLarge,
      message: expect.stringContaining(
        'the sandbox is 4.9 KiB (5000 bytes), over the limit of 4 KiB (4096 bytes, MAJORANA_MAX_SANDBOX_BYTES)',
      ),
      details: { limit: 4096, size: 5000 },
    });
    expect(source.readableFlowing).toBeNull();
  });

  it('refuses an archive that streams past the limit, saying how much came at least', async () => {
    const archive = rawTarGz([{ path: 'noise.bin', content: randomBytes(6000) }]);
    await expect(sut.receive({ stream: bytesStream(archive, 1000) }, accept)).rejects.toMatchObject({
      code: SandboxApiErrorCode.TooLarge,
      message: expect.stringMatching(/^the sandbox is at least 4\.9 KiB \(5000 bytes\), over the limit of 4 KiB/),
    });
    expect(accept).not.toHaveBeenCalled();
  });
});
