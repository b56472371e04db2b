import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packSandbox } from '@majorana/sandbox';
import { HttpSandboxTransfer } from './http-sandbox-transfer.js';
import { SandboxHttpServer } from './testing/sandbox-http-server.js';

const TOKEN = 'attempt-token';

describe(HttpSandboxTransfer.name, () => {
  let root: string;
  let server: SandboxHttpServer;
  let archive: Buffer;
  let sha256: string;
  const sut = new HttpSandboxTransfer();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'majorana-transfer-'));
    const source = join(root, 'source');
    await mkdir(source);
    await writeFile(join(source, 'input.dat'), 'calibration\n');
    const packed = await packSandbox({ cwd: source, files: ['input.dat'], output: join(root, 'in.tar.gz'), maxBytes: 1 << 20 });
    archive = await readFile(packed.path);
    sha256 = packed.sha256;
    server = new SandboxHttpServer(TOKEN);
    await server.start();
    server.routes.set('/in', { body: archive });
    server.routes.set('/in-checked', { body: archive, headers: { 'x-majorana-sha256': sha256 } });
    server.routes.set('/in-tampered', { body: archive, headers: { 'x-majorana-sha256': '0'.repeat(64) } });
    server.routes.set('/in-corrupt', { body: Buffer.from('not a tar.gz') });
  });

  afterAll(async () => {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  });

  async function emptyDir(): Promise<string> {
    return mkdtemp(join(root, 'target-'));
  }

  describe('download', () => {
    it('unpacks the sandbox into the target, checking the announced sha256', async () => {
      const targetDir = await emptyDir();

      await sut.download({ url: server.url('/in-checked'), token: TOKEN, targetDir });

      expect(await readFile(join(targetDir, 'input.dat'), 'utf8')).toBe('calibration\n');
    });

    it('refuses a sandbox whose bytes do not match the announced sha256', async () => {
      await expect(sut.download({ url: server.url('/in-tampered'), token: TOKEN, targetDir: await emptyDir() })).rejects.toMatchObject({
        code: 'sandbox-download-failed',
      });
    });

    it("says what the server answered to a refused request, without the URL's query", async () => {
      await expect(sut.download({ url: server.url('/in?sig=secret'), token: 'wrong', targetDir: await emptyDir() })).rejects.toMatchObject({
        code: 'sandbox-download-failed',
        message: expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:\d+\/in answered 401: .*bad job token/),
      });
    });

    it('fails on bytes that are not a sandbox', async () => {
      await expect(sut.download({ url: server.url('/in-corrupt'), token: TOKEN, targetDir: await emptyDir() })).rejects.toMatchObject({
        code: 'sandbox-download-failed',
        message: expect.stringContaining('not unpacked'),
      });
    });

    it('fails when nothing listens', async () => {
      await expect(sut.download({ url: 'http://127.0.0.1:9/in', token: TOKEN, targetDir: await emptyDir() })).rejects.toMatchObject({
        code: 'sandbox-download-failed',
      });
    });
  });

  describe('upload', () => {
    it('streams the packed files with the bearer token and their sha256, and leaves no archive behind', async () => {
      const workRoot = await mkdtemp(join(root, 'work-'));
      const cwd = join(workRoot, 'job-1-1');
      await mkdir(cwd);
      await writeFile(join(cwd, 'result.txt'), 'answer 42\n');
      await writeFile(join(cwd, 'std.out'), 'log\n');

      const uploaded = await sut.upload({ url: server.url('/out/1'), token: TOKEN, cwd, files: ['*.txt', 'std.out', 'missing.root'] });

      const received = server.uploads.find((upload) => upload.path === '/out/1');
      expect(received).toBeDefined();
      expect(received?.headers['x-majorana-sha256']).toBe(received?.sha256);
      expect(received?.headers['content-type']).toBe('application/gzip');
      expect(uploaded).toEqual({ sha256: createHash('sha256').update(received!.body).digest('hex'), bytes: received?.body.length });
      expect(await readdir(workRoot)).toEqual(['job-1-1']);
    });

    it('sends nothing when no file matches', async () => {
      const cwd = await emptyDir();
      const before = server.requests.length;

      expect(await sut.upload({ url: server.url('/out/none'), token: TOKEN, cwd, files: ['*.root'] })).toBeNull();
      expect(server.requests.length).toBe(before);
    });

    it('fails with the status when the server refuses the upload', async () => {
      server.routes.set('/out/full', { status: 413, text: 'too large' });
      const cwd = await emptyDir();
      await writeFile(join(cwd, 'big.dat'), 'x');

      await expect(sut.upload({ url: server.url('/out/full'), token: TOKEN, cwd, files: ['big.dat'] })).rejects.toMatchObject({
        code: 'sandbox-upload-failed',
        message: expect.stringContaining('413'),
      });
    });

    it('refuses an output sandbox over the size limit before sending it', async () => {
      const cwd = await emptyDir();
      await writeFile(join(cwd, 'random.bin'), randomBytes(64 * 1024));
      const small = new HttpSandboxTransfer({ maxOutputBytes: 1024 });

      await expect(small.upload({ url: server.url('/out/small'), token: TOKEN, cwd, files: ['random.bin'] })).rejects.toMatchObject({
        code: 'sandbox-upload-failed',
        message: expect.stringContaining('not packed'),
      });
      expect(server.requests).not.toContain('PUT /out/small');
    });
  });
});
