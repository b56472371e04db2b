import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LocalSandboxStore } from './local-sandbox.store.js';
import { SandboxNotStoredError } from './sandbox-store.js';

const sha256 = (bytes: string | Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Every file under `root`, relative to it. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

/** A source that sends some bytes, then fails, as a client hanging up mid-upload. */
function failingSource(): Readable {
  return new Readable({
    read() {
      this.push(Buffer.from('partial'));
      this.destroy(new Error('connection reset'));
    },
  });
}

describe(LocalSandboxStore.name, () => {
  let root: string;
  let sut: LocalSandboxStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'majorana-store-'));
    sut = new LocalSandboxStore(root);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores an archive under <aa>/<sha256>.tar.gz and gives back the same bytes', async () => {
    const bytes = randomBytes(200_000);
    const stored = await sut.put(Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]));

    expect(stored).toEqual({ sha256: sha256(bytes), bytes: 200_000 });
    expect(await filesUnder(root)).toEqual([`${stored.sha256.slice(0, 2)}/${stored.sha256}.tar.gz`]);
    expect(await sut.exists(stored.sha256)).toBe(true);
    const chunks: Buffer[] = [];
    for await (const chunk of await sut.open(stored.sha256)) {
      chunks.push(chunk as Buffer);
    }
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('keeps one copy of content stored twice', async () => {
    await sut.put(Readable.from([Buffer.from('same')]));
    await sut.put(Readable.from([Buffer.from('same')]));
    expect(await filesUnder(root)).toEqual([`${sha256('same').slice(0, 2)}/${sha256('same')}.tar.gz`]);
  });

  it('hands the sha256 to beforeCommit, and leaves nothing when it refuses', async () => {
    let seen: unknown;
    const refusal = sut.put(Readable.from([Buffer.from('unsafe')]), {
      beforeCommit: (stored) => {
        seen = stored;
        return Promise.reject(new Error('refused by the check'));
      },
    });

    await expect(refusal).rejects.toThrow('refused by the check');
    expect(seen).toEqual({ sha256: sha256('unsafe'), bytes: 6 });
    expect(await filesUnder(root)).toEqual([]);
    expect(await sut.exists(sha256('unsafe'))).toBe(false);
  });

  it('leaves nothing when the source fails mid-way', async () => {
    await expect(sut.put(failingSource())).rejects.toThrow('connection reset');
    expect(await filesUnder(root)).toEqual([]);
  });

  it('answers SandboxNotStoredError for an archive it does not have', async () => {
    await expect(sut.open(sha256('nothing'))).rejects.toBeInstanceOf(SandboxNotStoredError);
    expect(await sut.exists(sha256('nothing'))).toBe(false);
  });

  it('refuses a name that is not a sha256, so no path can leave its directory', async () => {
    await expect(sut.open('../../etc/passwd')).rejects.toThrow('lowercase sha256');
    await expect(sut.remove('../x')).rejects.toThrow('lowercase sha256');
  });

  it('removes an archive, and says when there was none', async () => {
    const { sha256: name } = await sut.put(Readable.from([Buffer.from('bye')]));
    expect(await sut.remove(name)).toBe(true);
    expect(await sut.exists(name)).toBe(false);
    expect(await sut.remove(name)).toBe(false);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('keeps an archive that turns out to be still needed, unreadable only while it asked', async () => {
    const { sha256: name } = await sut.put(Readable.from([Buffer.from('keep me')]));
    let existedWhileAsking: boolean | undefined;
    const removed = await sut.remove(name, async () => {
      existedWhileAsking = await sut.exists(name);
      return true;
    });

    expect({ removed, existedWhileAsking }).toEqual({ removed: false, existedWhileAsking: false });
    expect(await text(await sut.open(name))).toBe('keep me');
    expect(await filesUnder(root)).toEqual([`${name.slice(0, 2)}/${name}.tar.gz`]);
  });

  it('removes temporary files a crash left, but not younger ones (uploads in progress)', async () => {
    await mkdir(join(root, 'tmp'));
    await writeFile(join(root, 'tmp', 'old.part'), 'x');
    await writeFile(join(root, 'tmp', 'new.part'), 'y');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(join(root, 'tmp', 'old.part'), hourAgo, hourAgo);

    expect(await sut.removeStaleTemporaries(Date.now() - 60_000)).toBe(1);
    expect(await filesUnder(root)).toEqual(['tmp/new.part']);
    expect(await new LocalSandboxStore(join(root, 'missing')).removeStaleTemporaries(Date.now())).toBe(0);
  });
});
