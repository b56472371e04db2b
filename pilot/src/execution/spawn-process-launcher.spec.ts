import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpawnProcessLauncher } from './spawn-process-launcher.js';

describe(SpawnProcessLauncher.name, () => {
  let dir: string;
  const launcher = new SpawnProcessLauncher();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'majorana-launcher-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function spec(command: string, args: string[], stdout = 'out', stderr = 'err') {
    return { command, args, cwd: dir, env: { PATH: '/usr/bin:/bin' }, stdoutPath: join(dir, stdout), stderrPath: join(dir, stderr) };
  }

  it('writes stdout and stderr to their files and reports the exit status', async () => {
    const launched = await launcher.launch(spec('/bin/sh', ['-c', 'echo to-out; echo to-err >&2; exit 7']));

    expect(await launched.exit).toEqual({ code: 7, signal: null });
    expect(await readFile(join(dir, 'out'), 'utf8')).toBe('to-out\n');
    expect(await readFile(join(dir, 'err'), 'utf8')).toBe('to-err\n');
  });

  it('interleaves both streams in one file when StdOutput and StdError are the same', async () => {
    const launched = await launcher.launch(spec('/bin/sh', ['-c', 'echo 1; echo 2 >&2; echo 3'], 'both', 'both'));

    await launched.exit;

    expect(await readFile(join(dir, 'both'), 'utf8')).toBe('1\n2\n3\n');
  });

  it('starts the payload as the leader of its own process group, stdin from /dev/null', async () => {
    const launched = await launcher.launch(spec('/bin/sh', ['-c', 'cut -d" " -f5 /proc/$$/stat; cat; echo eof'], 'group'));

    await launched.exit;

    expect(await readFile(join(dir, 'group'), 'utf8')).toBe(`${launched.pid}\neof\n`);
  });

  it('reports the signal that ended the payload', async () => {
    const launched = await launcher.launch(spec('/bin/sh', ['-c', 'kill -SEGV $$']));

    expect(await launched.exit).toEqual({ code: null, signal: 'SIGSEGV' });
  });

  it('refuses a file without execute permission with a message saying so', async () => {
    const file = join(dir, 'plain.sh');
    await writeFile(file, '#!/bin/sh\n', { mode: 0o644 });

    await expect(launcher.launch(spec(file, []))).rejects.toMatchObject({
      code: 'executable-not-runnable',
      message: expect.stringContaining('permission denied'),
    });
  });

  it('names a missing #! interpreter', async () => {
    const file = join(dir, 'needs-interpreter.sh');
    await writeFile(file, '#!/no/such/interpreter\n', { mode: 0o755 });

    await expect(launcher.launch(spec(file, []))).rejects.toMatchObject({
      code: 'executable-not-runnable',
      message: expect.stringContaining('interpreter'),
    });
  });
});
