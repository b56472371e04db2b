import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMPTY_STATUS_CACHE, withSubmitted } from './status-cache.js';
import { FileStatusCacheStore, statusCacheDir, statusCacheFileName } from './status-cache.store.js';

const uid = process.getuid?.() ?? 0;

describe(FileStatusCacheStore.name, () => {
  let root: string;
  let warnings: string[];
  const store = (dir = join(root, 'cache')): FileStatusCacheStore =>
    new FileStatusCacheStore(dir, 'status-test.json', uid, (message) => warnings.push(message));

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'majorana-status-cache-'));
    warnings = [];
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('starts empty, makes its folder private and keeps what it is given', async () => {
    const sut = store();
    expect(await sut.read()).toEqual(EMPTY_STATUS_CACHE);

    await sut.update((latest) => withSubmitted(latest, [7], 1000));

    expect((await store().read()).jobs['7']).toEqual({ status: 'Received', seenAt: 1000, askedAt: 1000 });
    expect(JSON.parse(await readFile(sut.path, 'utf8'))).toMatchObject({ version: 1 });
    expect(warnings).toEqual([]);
  });

  it('stays readable under concurrent updates and leaves no temporary files', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => store().update((latest) => withSubmitted(latest, [i + 1], 1000))));

    const cache = await store().read();
    expect(Object.keys(cache.jobs).length).toBeGreaterThanOrEqual(1);
    expect(await readdir(join(root, 'cache'))).toEqual(['status-test.json']);
  });

  it('reads a damaged file as an empty cache and replaces it', async () => {
    await mkdir(join(root, 'cache'), { mode: 0o700 });
    await writeFile(join(root, 'cache', 'status-test.json'), '{"version":1,"jo');

    expect(await store().read()).toEqual(EMPTY_STATUS_CACHE);
    await store().update((latest) => withSubmitted(latest, [1], 1000));
    expect(Object.keys((await store().read()).jobs)).toEqual(['1']);
  });

  it('refuses a folder others may write to, and works without saving', async () => {
    const shared = join(root, 'shared');
    await mkdir(shared);
    await chmod(shared, 0o777);
    const sut = store(shared);

    const updated = await sut.update((latest) => withSubmitted(latest, [1], 1000));

    expect(Object.keys(updated.jobs)).toEqual(['1']);
    expect(await sut.read()).toEqual(EMPTY_STATUS_CACHE);
    expect(await readdir(shared)).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining('not a folder of yours that only you can write to')]);
  });
});

describe(statusCacheDir.name, () => {
  it('prefers $XDG_RUNTIME_DIR, else a per-user folder under $TMPDIR or /tmp', () => {
    expect(statusCacheDir({ XDG_RUNTIME_DIR: '/run/user/1000', TMPDIR: '/scratch' }, 1000)).toBe('/run/user/1000/majorana-snakemake');
    expect(statusCacheDir({ TMPDIR: '/scratch' }, 1000)).toBe('/scratch/majorana-snakemake-1000');
    expect(statusCacheDir({}, 1000)).toBe('/tmp/majorana-snakemake-1000');
  });
});

describe(statusCacheFileName.name, () => {
  it('differs by server and by credential', () => {
    const names = new Set([
      statusCacheFileName('http://a:8440', 't1'),
      statusCacheFileName('http://b:8440', 't1'),
      statusCacheFileName('http://a:8440', 't2'),
    ]);
    expect(names.size).toBe(3);
    expect(statusCacheFileName('http://a:8440', 't1')).toMatch(/^status-[0-9a-f]{16}\.json$/);
  });
});
