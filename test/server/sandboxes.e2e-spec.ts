import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TokenService } from '@majorana/auth';
import { MajoranaClient } from '@majorana/client';
import { packSandbox } from '@majorana/sandbox';
import { rawTarGz, zipBomb, type RawTarEntry } from '@majorana/sandbox/testing';
import { ServerConfig } from '@majorana/server';
import type { ApiError, Job, MatchResponse } from './support/api-types.js';
import { describeOnEachDatabase, freshName, freshSite, type TestServer, type TestUser } from './support/test-server.js';

/** A small limit, so that an oversized sandbox is quick to send. */
const LIMIT = 256 * 1024;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A tar.gz of the given files, packed as the client packs them. */
async function tarGz(files: Record<string, string | Buffer>): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'majorana-e2e-files-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, 'in', path)), { recursive: true });
      await writeFile(join(dir, 'in', path), content);
    }
    const packed = await packSandbox({
      cwd: join(dir, 'in'),
      files: Object.keys(files),
      output: join(dir, 'out.tar.gz'),
      maxBytes: 1 << 30,
    });
    return await readFile(packed.path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every file under the server's sandbox store, relative to it. */
async function storedFiles(server: TestServer): Promise<string[]> {
  const root = server.app.get(ServerConfig).sandboxDir;
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

/** POST /api/sandboxes with a body as given (bytes: with Content-Length; a stream: chunked). */
async function upload(
  server: TestServer,
  body: Uint8Array | Readable,
  token: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: ApiError & { ref?: string } }> {
  const response = await fetch(`${server.url}/api/sandboxes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/gzip', ...headers },
    body,
    ...(body instanceof Readable ? { duplex: 'half' as const } : {}),
  });
  return { status: response.status, body: (await response.json()) as ApiError & { ref?: string } };
}

/** `bytes` in chunks of 64 KiB, as a client streams them. */
function chunks(bytes: Buffer): Buffer[] {
  return Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, index) => bytes.subarray(index * 65_536, (index + 1) * 65_536));
}

/** The first `count` bytes of `stream`, as a stream. */
function firstBytes(stream: Readable, count: number): Readable {
  return Readable.from(
    (async function* () {
      let left = count;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        yield chunk.subarray(0, left);
        left -= chunk.length;
        if (left <= 0) {
          stream.destroy();
          return;
        }
      }
    })(),
  );
}

describe('sandboxes over HTTP', () => {
  describeOnEachDatabase({ env: { MAJORANA_MAX_SANDBOX_BYTES: String(LIMIT) } }, (server) => {
    let alice: TestUser;
    let bob: TestUser;
    let aliceClient: MajoranaClient;
    let pilotToken: string;
    let work: string;

    beforeAll(async () => {
      [alice, bob] = await Promise.all([server().newUser(['user'], 'alice'), server().newUser(['user'], 'bob')]);
      aliceClient = new MajoranaClient({ url: server().url, token: alice.token });
      pilotToken = (await server().issueToken('admin', 'pilot')).token;
      work = await mkdtemp(join(tmpdir(), 'majorana-e2e-sandboxes-'));
    });

    afterAll(async () => {
      await rm(work, { recursive: true, force: true });
    });

    /** A job only a slot with its fresh tag can match, so no other test's slot takes it. */
    function taggedJdl(tag: string, inputSandbox: string): string {
      return `Executable = "run.sh"; CPUTime = 3600; Tags = { "${tag}" }; InputSandbox = { ${inputSandbox} }; OutputSandbox = { "results/*" };`;
    }

    /** What a pilot does at a match: takes the job, and gets a job token for that attempt. */
    async function matchAsPilot(tag: string): Promise<{ jobId: number; attempt: number; client: MajoranaClient; token: string }> {
      const slot = { site: freshSite('SB'), cpuTimeLeft: 100_000, requiredTags: [tag], tags: [tag] };
      const matched = await server().api<MatchResponse>('POST', '/api/matcher/match', slot, pilotToken);
      expect(matched.status).toBe(200);
      const job = matched.body.job;
      if (job === null) {
        throw new Error(`no job matched the slot of tag ${tag}`);
      }
      const { token } = await server()
        .app.get(TokenService)
        .issueJobToken({ pilotUser: 'admin', group: 'pilot', vo: 'majorana', jobId: job.JobID, attempt: job.attempt, now: Date.now() });
      return { jobId: job.JobID, attempt: job.attempt, token, client: new MajoranaClient({ url: server().url, token }) };
    }

    async function submit(jdl: string, user: TestUser = alice): Promise<{ status: number; body: ApiError & { jobIds?: number[] } }> {
      return server().api('POST', '/api/jobs', { jdl }, user.token);
    }

    it('takes an input sandbox from the user to the pilot and the output back to the user, byte for byte', async () => {
      const input = await tarGz({ 'run.sh': '#!/bin/sh\necho hi\n', 'data/input.txt': randomBytes(2000).toString('hex') });
      const uploaded = await aliceClient.uploadSandbox(input);
      expect(uploaded).toEqual({ ref: `SB:sha256:${sha256(input)}`, sha256: sha256(input), bytes: input.length, files: 2 });

      const tag = freshName('io');
      const submitted = await submit(taggedJdl(tag, `"${uploaded.ref}", "run.sh", "LFN:/majorana/user/a/alice/calib.root"`));
      expect(submitted.status).toBe(201);
      const pilot = await matchAsPilot(tag);
      expect(pilot.jobId).toBe(submitted.body.jobIds?.[0]);

      const inputCopy = await pilot.client.downloadInputSandbox(pilot.jobId, join(work, 'input.tar.gz'));
      expect(inputCopy).toMatchObject({ sha256: sha256(input), bytes: input.length });
      expect((await readFile(inputCopy.path)).equals(input)).toBe(true);

      const histogram = randomBytes(50_000);
      const output = await tarGz({ 'std.out': 'hi\n', 'std.err': '', 'results/hist.bin': histogram });
      expect(await pilot.client.uploadOutputSandbox(pilot.jobId, output, sha256(output))).toEqual({
        ref: `SB:sha256:${sha256(output)}`,
        sha256: sha256(output),
        bytes: output.length,
        files: 3,
        attempt: pilot.attempt,
      });

      expect(await aliceClient.listOutputFiles(pilot.jobId)).toEqual([
        { path: 'results/hist.bin', size: 50_000, type: 'file' },
        { path: 'std.err', size: 0, type: 'file' },
        { path: 'std.out', size: 3, type: 'file' },
      ]);
      expect((await buffer(await aliceClient.downloadOutputFile(pilot.jobId, 'results/hist.bin'))).equals(histogram)).toBe(true);
      const outputCopy = await aliceClient.downloadOutputSandbox(pilot.jobId, join(work, 'output.tar.gz'));
      expect((await readFile(outputCopy.path)).equals(output)).toBe(true);

      const raw = await fetch(`${server().url}/api/jobs/${pilot.jobId}/output-sandbox`, {
        headers: { authorization: `Bearer ${alice.token}` },
      });
      expect([raw.headers.get('content-type'), raw.headers.get('content-disposition'), raw.headers.get('content-length')]).toEqual([
        'application/gzip',
        `attachment; filename="job-${pilot.jobId}-output.tar.gz"`,
        String(output.length),
      ]);
      await raw.arrayBuffer();
      const file = await fetch(`${server().url}/api/jobs/${pilot.jobId}/output-sandbox/files/std.out`, {
        headers: { authorization: `Bearer ${alice.token}` },
      });
      expect([file.status, file.headers.get('content-type'), await file.text()]).toEqual([200, 'application/octet-stream', 'hi\n']);
      // The owner reads the input too; another user reads neither.
      expect((await aliceClient.downloadInputSandbox(pilot.jobId, join(work, 'input-again.tar.gz'))).sha256).toBe(sha256(input));
      const bobClient = new MajoranaClient({ url: server().url, token: bob.token });
      await expect(bobClient.listOutputFiles(pilot.jobId)).rejects.toMatchObject({ statusCode: 403 });
      await expect(bobClient.downloadInputSandbox(pilot.jobId, join(work, 'stolen.tar.gz'))).rejects.toMatchObject({ statusCode: 403 });
      await expect(aliceClient.downloadOutputFile(pilot.jobId, 'results/missing.bin')).rejects.toMatchObject({
        statusCode: 404,
        message: expect.stringContaining('results/missing.bin'),
      });
    });

    it('packs and uploads local files through the client in one call', async () => {
      const dir = join(work, 'local');
      await mkdir(join(dir, 'cfg'), { recursive: true });
      await writeFile(join(dir, 'run.sh'), 'echo run\n');
      await writeFile(join(dir, 'cfg', 'a.json'), '{}');
      const uploaded = await aliceClient.uploadFiles(dir, ['run.sh', 'cfg/*.json', 'absent.txt']);
      expect(uploaded).toMatchObject({ files: 2, missing: ['absent.txt'] });
      expect(uploaded.ref).toBe(`SB:sha256:${uploaded.sha256}`);
      expect(await storedFiles(server())).toContain(`${uploaded.sha256.slice(0, 2)}/${uploaded.sha256}.tar.gz`);
    });

    it('stores the same content once, for every owner, under the same reference', async () => {
      const archive = await tarGz({ 'same.txt': randomBytes(100).toString('hex') });
      const first = await upload(server(), archive, alice.token);
      const again = await upload(server(), Readable.from([archive]), alice.token);
      const other = await upload(server(), archive, bob.token, { 'x-majorana-sha256': sha256(archive).toUpperCase() });
      expect([first.status, again.status, other.status]).toEqual([201, 201, 201]);
      expect(new Set([first.body.ref, again.body.ref, other.body.ref])).toEqual(new Set([`SB:sha256:${sha256(archive)}`]));
      expect((await storedFiles(server())).filter((path) => path.includes(sha256(archive)))).toHaveLength(1);
    });

    it('links every job of a parametric submission to the one sandbox', async () => {
      const archive = await tarGz({ 'sweep.sh': 'echo $1\n' });
      const { ref } = await aliceClient.uploadSandbox(archive);
      const response = await submit(
        `Executable = "sweep.sh"; Arguments = "%s"; Parameters = 3; CPUTime = 600; InputSandbox = { "${ref}" };`,
      );
      expect(response).toMatchObject({ status: 201, body: { jobIds: expect.any(Array) } });
      for (const jobId of response.body.jobIds ?? []) {
        const copy = await aliceClient.downloadInputSandbox(jobId, join(work, `sweep-${jobId}.tar.gz`));
        expect(copy.sha256).toBe(sha256(archive));
      }
      await server().api('POST', '/api/jobs/kill', { jobIds: response.body.jobIds });
    });

    it("refuses at submission a sandbox the owner never uploaded, even another owner's", async () => {
      const archive = await tarGz({ 'alice-only.txt': randomBytes(64).toString('hex') });
      const { ref } = await aliceClient.uploadSandbox(archive);
      const before = await server().api<{ total: number }>('POST', '/api/jobs/search', {}, bob.token);

      const response = await submit(`Executable = "x"; InputSandbox = { "${ref}" };`, bob);

      expect(response).toMatchObject({
        status: 400,
        body: { message: `input sandbox ${ref} is not yours or does not exist: upload it first with POST /api/sandboxes` },
      });
      expect((await server().api<{ total: number }>('POST', '/api/jobs/search', {}, bob.token)).body.total).toBe(before.body.total);
    });

    it('refuses local files without a sandbox, two sandboxes, and a reference that is not ours; keeps LFNs', async () => {
      const localOnly = await submit('Executable = "run.sh"; InputSandbox = { "run.sh", "inputfile.txt" };');
      expect(localOnly.status).toBe(400);
      expect(localOnly.body.message).toContain('InputSandbox lists local files (run.sh, inputfile.txt) but no uploaded sandbox');
      expect(localOnly.body.message).toContain('POST /api/sandboxes');

      const [a, b] = await Promise.all([tarGz({ a: 'a' }), tarGz({ b: 'b' })]);
      const refs = await Promise.all([aliceClient.uploadSandbox(a), aliceClient.uploadSandbox(b)]);
      const two = await submit(`Executable = "x"; InputSandbox = { "${refs[0].ref}", "${refs[1].ref}" };`);
      expect(two.status).toBe(400);
      expect(two.body.message).toContain('a job unpacks exactly one');

      const dirac = await submit('Executable = "x"; InputSandbox = { "SB:ProductionSandboxSE|/SandBox/x.tar.bz2" };');
      expect(dirac.status).toBe(400);
      expect(dirac.body.message).toContain('is not a sandbox reference');

      const lfnOnly = await submit('Executable = "x"; CPUTime = 600; InputSandbox = { "LFN:/majorana/user/a/alice/input.root" };');
      expect(lfnOnly).toMatchObject({ status: 201, body: { jobIds: expect.any(Array) } });
      const noInput = await server().api<ApiError>('GET', `/api/jobs/${lfnOnly.body.jobIds?.[0]}/input-sandbox`, undefined, alice.token);
      expect(noInput).toMatchObject({ status: 404, body: { message: expect.stringContaining('has no input sandbox') } });
      await server().api('POST', '/api/jobs/kill', { jobIds: lfnOnly.body.jobIds });
    });

    it('refuses an oversized sandbox with 413 saying the limit and the size, and keeps nothing of it', async () => {
      const big = await tarGz({ 'noise.bin': randomBytes(LIMIT + 50_000) });
      const before = await storedFiles(server());

      const announced = await upload(server(), big, alice.token);
      expect(announced.status).toBe(413);
      expect(announced.body.message).toContain(
        `the sandbox is ${(big.length / 1024).toFixed(1)} KiB (${big.length} bytes), over the limit of 256 KiB (${LIMIT} bytes, MAJORANA_MAX_SANDBOX_BYTES)`,
      );
      const streamed = await upload(server(), Readable.from([big.subarray(0, 100_000), big.subarray(100_000)]), alice.token);
      expect(streamed.status).toBe(413);
      expect(streamed.body.message).toMatch(/^the sandbox is at least [\d.]+ KiB \(\d+ bytes\), over the limit of 256 KiB \(262144 bytes/);
      await expect(aliceClient.uploadSandbox(big)).rejects.toMatchObject({
        statusCode: 413,
        code: 'too-large',
        apiCode: 'SANDBOX_TOO_LARGE',
      });

      expect(await storedFiles(server())).toEqual(before);
    });

    it('reads the rest of a refused upload before answering, so a client still sending does not write into a closed connection', async () => {
      // Refused at its first entry; the client sends more 300 ms later. The answer must come after that.
      let tailSentAt = 0;
      const unsafeThenMore = Readable.from(
        (async function* () {
          yield rawTarGz([{ path: '/etc/cron.d/evil', content: 'x' }]);
          await new Promise((resolve) => setTimeout(resolve, 300));
          tailSentAt = performance.now();
          yield* chunks(randomBytes(4 * 1024 * 1024));
        })(),
      );
      const before = await storedFiles(server());

      const response = await upload(server(), unsafeThenMore, alice.token);

      expect(response).toMatchObject({ status: 400, body: { message: expect.stringContaining('absolute path') } });
      expect(tailSentAt).toBeGreaterThan(0);
      expect(performance.now()).toBeGreaterThan(tailSentAt);
      // Announced too large: refused unread, the body read and dropped all the same.
      const announcedTooLarge = await upload(server(), randomBytes(4 * 1024 * 1024), alice.token);
      expect(announcedTooLarge).toMatchObject({ status: 413, body: { message: expect.stringContaining('over the limit') } });
      expect(await storedFiles(server())).toEqual(before);
    });

    const MALICIOUS: [string, () => Uint8Array | Readable, RegExp][] = [
      [
        'an absolute path',
        () => rawTarGz([{ path: '/etc/cron.d/evil', content: 'x' }]),
        /Sandbox entry "\/etc\/cron.d\/evil" is an absolute path/,
      ],
      [
        'a `..` component',
        () =>
          rawTarGz([
            { path: 'ok.txt', content: 'ok' },
            { path: 'a/../../evil', content: 'x' },
          ]),
        /"a\/..\/..\/evil" goes up with '..'/,
      ],
      [
        'a symbolic link out',
        () => rawTarGz([{ path: 'etc', type: 'SymbolicLink', linkpath: '/etc' }]),
        /"etc" is a symbolic link to "\/etc"/,
      ],
      [
        'a link escaping later',
        () => rawTarGz(linkEscapingLater()),
        /"x" is a symbolic link to "d\/s\/..", which leads outside the sandbox/,
      ],
      [
        'a hard link out',
        () => rawTarGz([{ path: 'passwd', type: 'Link', linkpath: '../../etc/passwd' }]),
        /"passwd" is a hard link to "..\/..\/etc\/passwd"/,
      ],
      ['a device', () => rawTarGz([{ path: 'null', type: 'CharacterDevice' }]), /"null" is a character device/],
      ['a FIFO', () => rawTarGz([{ path: 'pipe', type: 'FIFO' }]), /"pipe" is a FIFO/],
      ['too many entries', () => rawTarGz(Array.from({ length: 10_001 }, (_, i) => ({ path: `f${i}` }))), /more than 10000 entries/],
      // Its first 256 KiB (of ~19 MB): it is refused at its entry's header, and the server would read the rest before answering.
      ['a zip bomb', () => firstBytes(zipBomb(4 * 1024 * 1024 * 1024), 256 * 1024), /unpacks to more than the 1 GiB limit .* zip bomb/],
      ['random bytes', () => randomBytes(5000), /not a complete gzip-compressed tar/],
      [
        'a cut-off archive',
        () => rawTarGz([{ path: 'big.bin', content: randomBytes(20_000) }]).subarray(0, 10_000),
        /not a complete gzip-compressed tar/,
      ],
    ];

    it.each(MALICIOUS)('refuses %s with 400, saying why, and writes nothing', async (_kind, archive, why) => {
      const before = await storedFiles(server());
      const response = await upload(server(), archive(), alice.token);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(why);
      expect(await storedFiles(server())).toEqual(before);
    });

    it('refuses an archive whose sha256 is not the announced one, and writes nothing', async () => {
      const archive = await tarGz({ 'x.txt': 'x' });
      const before = await storedFiles(server());
      const response = await upload(server(), archive, alice.token, { 'x-majorana-sha256': sha256(Buffer.from('other')) });
      expect(response).toMatchObject({ status: 400, body: { message: expect.stringContaining('checksum mismatch') } });
      expect(await storedFiles(server())).toEqual(before);
    });

    it('refuses a body that is not an archive, and a malformed checksum header', async () => {
      const json = await server().api<ApiError>('POST', '/api/sandboxes', { not: 'an archive' }, alice.token);
      expect(json).toMatchObject({ status: 415, body: { message: expect.stringContaining('Content-Type: application/gzip') } });
      const header = await upload(server(), await tarGz({ y: 'y' }), alice.token, { 'x-majorana-sha256': 'abc' });
      expect(header).toMatchObject({ status: 400, body: { message: expect.stringContaining('X-Majorana-SHA256') } });
    });

    describe('job tokens', () => {
      let ref: string;
      beforeAll(async () => {
        ({ ref } = await aliceClient.uploadSandbox(await tarGz({ 'run.sh': 'echo token\n' })));
      });

      async function matchedJob(): Promise<Awaited<ReturnType<typeof matchAsPilot>>> {
        const tag = freshName('tok');
        expect((await submit(taggedJdl(tag, `"${ref}"`))).status).toBe(201);
        return matchAsPilot(tag);
      }

      it("reach only their own job's sandboxes", async () => {
        const [mine, other] = [await matchedJob(), await matchedJob()];
        const input = await server().api<ApiError>('GET', `/api/jobs/${other.jobId}/input-sandbox`, undefined, mine.token);
        expect(input).toMatchObject({
          status: 403,
          body: { message: expect.stringContaining(`only gives access to job ${mine.jobId}'s sandboxes`) },
        });
        const output = await mine.client
          .uploadOutputSandbox(other.jobId, await tarGz({ z: 'z' }), sha256(await tarGz({ z: 'z' })))
          .catch((e: unknown) => e);
        expect(output).toMatchObject({ statusCode: 403 });
      });

      it('open no other route', async () => {
        const { jobId, token } = await matchedJob();
        for (const [method, path, body] of [
          ['GET', `/api/jobs/${jobId}`, undefined],
          ['GET', `/api/jobs/${jobId}/output-sandbox/files`, undefined],
          ['POST', '/api/jobs/search', {}],
          ['POST', '/api/matcher/match', { site: 'LCG.X.fr', cpuTimeLeft: 1 }],
        ] as const) {
          const response = await server().api<ApiError>(method, path, body, token);
          expect(response).toMatchObject({
            status: 403,
            body: { message: `this token only gives access to job ${jobId}'s sandboxes: use a user token for anything else` },
          });
        }
        expect((await upload(server(), await tarGz({ q: 'q' }), token)).status).toBe(403);
      });

      it('stop working once the job has a newer attempt, which gets its own', async () => {
        const first = await matchedJob();
        const output = await tarGz({ 'results/a.txt': 'first' });
        expect((await server().api('POST', '/api/jobs/reschedule', { jobIds: [first.jobId] })).status).toBe(200);
        const tagJdl = await server().api<{ jdl: string }>('GET', `/api/jobs/${first.jobId}/jdl`);
        const tag = /Tags = \{ "([^"]+)" \}/.exec(tagJdl.body.jdl)?.[1] ?? '';
        const second = await matchAsPilot(tag);
        expect([second.jobId, second.attempt]).toEqual([first.jobId, first.attempt + 1]);

        const stale = await server().api<ApiError>('GET', `/api/jobs/${first.jobId}/input-sandbox`, undefined, first.token);
        expect(stale).toMatchObject({
          status: 409,
          body: { message: expect.stringContaining(`attempt ${first.attempt} of job ${first.jobId} is no longer current`) },
        });
        await expect(first.client.uploadOutputSandbox(first.jobId, output, sha256(output))).rejects.toMatchObject({ statusCode: 409 });
        await expect(aliceClient.listOutputFiles(first.jobId)).rejects.toMatchObject({ statusCode: 404 });

        expect((await second.client.uploadOutputSandbox(second.jobId, output, sha256(output))).attempt).toBe(second.attempt);
        expect((await aliceClient.listOutputFiles(first.jobId)).map((file) => file.path)).toEqual(['results/a.txt']);
      });

      it('are the only way to upload an output, always with its checksum', async () => {
        const { jobId, token } = await matchedJob();
        const output = await tarGz({ 'std.out': 'x' });
        await expect(aliceClient.uploadOutputSandbox(jobId, output, sha256(output))).rejects.toMatchObject({
          statusCode: 403,
          message: expect.stringContaining('only the pilot running job'),
        });
        const unsigned = await fetch(`${server().url}/api/jobs/${jobId}/output-sandbox`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/gzip' },
          body: output,
        });
        expect(unsigned.status).toBe(400);
        expect(((await unsigned.json()) as ApiError).message).toContain('X-Majorana-SHA256 is required');
      });
    });

    it('answers 404 for the output of a job that has none yet, and for a job that does not exist', async () => {
      const { ref } = await aliceClient.uploadSandbox(await tarGz({ w: 'w' }));
      const [jobId] = (await submit(`Executable = "w"; CPUTime = 600; InputSandbox = { "${ref}" };`)).body.jobIds ?? [];
      const none = await server().api<ApiError>('GET', `/api/jobs/${jobId}/output-sandbox`, undefined, alice.token);
      expect(none).toMatchObject({ status: 404, body: { message: expect.stringContaining('has no output sandbox yet') } });
      expect((await server().api<Job>('GET', '/api/jobs/987654321/output-sandbox/files', undefined, alice.token)).status).toBe(404);
      await server().api('POST', '/api/jobs/kill', { jobIds: [jobId] });
    });
  });
});

/** `x -> d/s/..` is harmless until `d/s -> ..` turns it into a way out. */
function linkEscapingLater(): RawTarEntry[] {
  return [
    { path: 'd', type: 'Directory' },
    { path: 'x', type: 'SymbolicLink', linkpath: 'd/s/..' },
    { path: 'd/s', type: 'SymbolicLink', linkpath: '..' },
  ];
}
