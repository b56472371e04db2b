import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { LocalCommandRunner } from './local-command-runner.js';

describe(LocalCommandRunner.name, () => {
  let dir: string;
  let sut: LocalCommandRunner;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'majorana-runner-'));
    sut = new LocalCommandRunner();
  });

  afterEach(async () => {
    await sut.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('passes argv words untouched, with no shell in between', async () => {
    const words = ['$HOME', "it's", 'a b', '*', '; echo injected'];
    const result = await sut.run(['printf', '%s\\n', ...words]);
    expect(result).toEqual({ stdout: `${words.join('\n')}\n`, stderr: '', exitCode: 0 });
  });

  it('feeds stdin and reports stderr and a non-zero exit code', async () => {
    const result = await sut.run(['sh', '-c', 'cat; echo oops >&2; exit 7'], { stdin: 'from stdin' });
    expect(result).toEqual({ stdout: 'from stdin', stderr: 'oops\n', exitCode: 7 });
  });

  it('kills a command that outlives its timeout, with a null exit code', async () => {
    const result = await sut.run(['sleep', '30'], { timeoutMs: 200 });
    expect(result.exitCode).toBeNull();
  });

  it('runs commands with the environment it was given, and only that', async () => {
    const runner = new LocalCommandRunner({ env: { PATH: '/usr/bin:/bin', ONLY_THIS: 'yes' } });
    const { stdout } = await runner.run(['env']);
    expect(stdout.trim().split('\n').sort()).toEqual(['ONLY_THIS=yes', 'PATH=/usr/bin:/bin']);
  });

  it('rejects a program that does not exist', async () => {
    await expect(sut.run([join(dir, 'no-such-program')])).rejects.toThrow(/Cannot run/);
  });

  it('copies a file keeping its mode', async () => {
    const source = join(dir, 'pilot.js');
    await writeFile(source, 'console.log(1)', { mode: 0o750 });
    await sut.copyFile(source, join(dir, 'copy.js'));
    expect(await readFile(join(dir, 'copy.js'), 'utf8')).toBe('console.log(1)');
    expect((await stat(join(dir, 'copy.js'))).mode & 0o777).toBe(0o750);
  });

  it('refuses every call once closed', async () => {
    await sut.close();
    await expect(sut.run(['true'])).rejects.toBeInstanceOf(CeException);
    await expect(sut.copyFile(join(dir, 'a'), join(dir, 'b'))).rejects.toMatchObject({ code: CeErrorCode.Closed });
  });
});
