import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRunnableWhenInWorkDir, resolveJobCommand } from './job-command.js';

describe(resolveJobCommand.name, () => {
  let root: string;
  let workDir: string;
  let binDir: string;
  let pathVariable: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'majorana-job-command-'));
    workDir = join(root, 'job-1-1');
    binDir = join(root, 'bin');
    await mkdir(workDir);
    await mkdir(binDir);
    await writeFile(join(workDir, 'runstuff.sh'), '#!/bin/sh\n');
    await writeFile(join(workDir, 'my script.sh'), '#!/bin/sh\n');
    await mkdir(join(workDir, 'sub'));
    await writeFile(join(workDir, 'sub', 'tool'), '#!/bin/sh\n');
    await writeFile(join(binDir, 'not-executable'), '#!/bin/sh\n', { mode: 0o644 });
    await writeFile(join(binDir, 'analyse'), '#!/bin/sh\n', { mode: 0o755 });
    pathVariable = ['relative/bin', '', binDir, '/usr/bin', '/bin'].join(':');
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('runs a sandbox file named without ./ from the working directory', async () => {
    expect(await resolveJobCommand({ executable: 'runstuff.sh', arguments: 'inputfile.txt' }, workDir, pathVariable)).toEqual({
      command: join(workDir, 'runstuff.sh'),
      args: ['inputfile.txt'],
    });
  });

  it('splits a whole command line in Executable when it is not a file, putting its words before Arguments', async () => {
    expect(await resolveJobCommand({ executable: 'runstuff.sh inputfile.txt', arguments: '-v' }, workDir, pathVariable)).toEqual({
      command: join(workDir, 'runstuff.sh'),
      args: ['inputfile.txt', '-v'],
    });
  });

  it('takes an Executable that is a file as a whole, even with a blank in its name', async () => {
    expect(await resolveJobCommand({ executable: 'my script.sh', arguments: '' }, workDir, pathVariable)).toEqual({
      command: join(workDir, 'my script.sh'),
      args: [],
    });
  });

  it('resolves paths with a slash against the working directory', async () => {
    expect((await resolveJobCommand({ executable: './sub/tool', arguments: '' }, workDir, pathVariable)).command).toBe(
      join(workDir, 'sub', 'tool'),
    );
  });

  it('keeps an absolute path as it is', async () => {
    expect(await resolveJobCommand({ executable: '/bin/true', arguments: '' }, workDir, pathVariable)).toEqual({
      command: '/bin/true',
      args: [],
    });
  });

  it('finds a bare command on PATH, skipping non-executable files and relative entries', async () => {
    expect((await resolveJobCommand({ executable: 'analyse', arguments: '' }, workDir, pathVariable)).command).toBe(
      join(binDir, 'analyse'),
    );
    await expect(resolveJobCommand({ executable: 'not-executable', arguments: '' }, workDir, pathVariable)).rejects.toMatchObject({
      code: 'executable-not-found',
    });
  });

  it('finds echo on the system PATH', async () => {
    expect((await resolveJobCommand({ executable: 'echo', arguments: 'hi' }, workDir, '/usr/bin:/bin')).command).toMatch(/\/echo$/);
  });

  it('says which program is missing', async () => {
    await expect(resolveJobCommand({ executable: 'missing.sh input', arguments: '' }, workDir, pathVariable)).rejects.toMatchObject({
      code: 'executable-not-found',
      message: expect.stringContaining('missing.sh is neither a file of the input sandbox nor a command on PATH'),
    });
    await expect(resolveJobCommand({ executable: './missing.sh', arguments: '' }, workDir, pathVariable)).rejects.toMatchObject({
      code: 'executable-not-found',
    });
  });

  it('refuses an empty Executable', async () => {
    await expect(resolveJobCommand({ executable: '  ', arguments: 'x' }, workDir, pathVariable)).rejects.toMatchObject({
      code: 'executable-not-found',
    });
  });
});

describe(makeRunnableWhenInWorkDir.name, () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'majorana-runnable-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('adds execute permission where read is allowed to a file of the working directory', async () => {
    const workDir = join(root, 'job');
    await mkdir(workDir);
    const file = join(workDir, 'run.sh');
    await writeFile(file, '#!/bin/sh\n', { mode: 0o640 });

    await makeRunnableWhenInWorkDir(file, workDir);

    expect((await stat(file)).mode & 0o777).toBe(0o750);
  });

  it('leaves files outside the working directory alone', async () => {
    const file = join(root, 'outside.sh');
    await writeFile(file, '#!/bin/sh\n', { mode: 0o644 });

    await makeRunnableWhenInWorkDir(file, join(root, 'job'));

    expect((await stat(file)).mode & 0o777).toBe(0o644);
  });
});
