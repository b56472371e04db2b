import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFreshDirectory, fileInside, workDirectoryOf } from './work-directory.js';

describe('work directories', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'majorana-workdir-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('names one directory per job attempt under the work root', () => {
    expect(workDirectoryOf('/scratch/pilot', 12, 3)).toBe('/scratch/pilot/job-12-3');
  });

  it('empties a directory a crashed pilot left under the same name', async () => {
    const dir = join(root, 'job-1-1');
    await mkdir(join(dir, 'sub'), { recursive: true });
    await writeFile(join(dir, 'sub', 'old.txt'), 'stale');

    await createFreshDirectory(dir);

    expect(await readdir(dir)).toEqual([]);
  });

  it('makes a missing work root on the way', async () => {
    const dir = join(root, 'missing-root', 'job-2-1');

    await createFreshDirectory(dir);

    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses StdOutput names that leave the working directory', () => {
    expect(fileInside('/w/job-1-1', 'logs/out.txt', 'StdOutput')).toBe('/w/job-1-1/logs/out.txt');
    expect(() => fileInside('/w/job-1-1', '../job-2-1/std.out', 'StdOutput')).toThrow(
      /StdOutput "..\/job-2-1\/std.out" is not a file name inside/,
    );
    expect(() => fileInside('/w/job-1-1', '/etc/passwd', 'StdError')).toThrow(expect.objectContaining({ code: 'invalid-job-description' }));
    expect(() => fileInside('/w/job-1-1', '.', 'StdOutput')).toThrow();
  });
});
