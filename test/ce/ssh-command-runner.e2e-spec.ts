import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { CeErrorCode, CeException, SshCommandRunner, type SshConnectionOptions } from '@majorana/ce';
import { type LoopbackSshd, startLoopbackSshd } from '../infra/sshd/loopback-sshd.js';

/** Against a real sshd on a loopback port, logged in as a real unprivileged user. */
describe(SshCommandRunner.name, () => {
  let sshd: LoopbackSshd;
  let scratch: string;
  const runners: SshCommandRunner[] = [];

  const connection = (overrides: Partial<SshConnectionOptions> = {}): SshConnectionOptions => ({
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    identityFile: sshd.keyFile,
    knownHostsFile: sshd.knownHostsFile,
    ...overrides,
  });
  const newRunner = (overrides: Partial<SshConnectionOptions> = {}): SshCommandRunner => {
    const runner = new SshCommandRunner(connection(overrides));
    runners.push(runner);
    return runner;
  };
  const logins = async (): Promise<number> => ((await readFile(sshd.logFile, 'utf8')).match(/Accepted publickey/g) ?? []).length;

  beforeAll(async () => {
    sshd = await startLoopbackSshd();
    scratch = await mkdtemp(join(tmpdir(), 'majorana-ssh-runner-'));
  }, 30_000);

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.close()));
  });

  afterAll(async () => {
    await sshd?.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  it('runs a command as the remote user and returns its stdout, stderr and exit code', async () => {
    const runner = newRunner();
    expect(runner.description).toBe(`ssh://${sshd.user}@127.0.0.1:${sshd.port}`);
    expect(await runner.run(['id', '-un'])).toEqual({ stdout: `${sshd.user}\n`, stderr: '', exitCode: 0 });
    expect(await runner.run(['sh', '-c', 'echo out; echo err >&2; exit 3'])).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
  });

  it('passes a remote exit code of 255 through as the command’s own', async () => {
    expect((await newRunner().run(['sh', '-c', 'echo bye >&2; exit 255'])).exitCode).toBe(255);
  });

  it('writes stdin to the command', async () => {
    const text = 'line one\nlíne twø ✓\n';
    expect((await newRunner().run(['cat'], { stdin: text })).stdout).toBe(text);
    expect((await newRunner().run(['wc', '-c'], { stdin: Buffer.alloc(300_000, 7) })).stdout.trim()).toBe('300000');
  });

  it('hands every argv word over verbatim, so hostile strings stay data', async () => {
    const canary = join(scratch, `pwned-${randomUUID()}`);
    const words = [
      `$(touch ${canary})`,
      `\`touch ${canary}\``,
      `; touch ${canary}`,
      `'; touch ${canary}; '`,
      '"double" and \'single\' quotes',
      'new\nlines\n',
      '',
      '$HOME ${PATH} * ?',
      '-n',
      'A=b',
      '~',
      '\\',
    ];
    const result = await newRunner().run(['sh', '-c', 'for w in "$@"; do printf "%s\\0" "$w"; done', 'sh', ...words]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\0').slice(0, -1)).toEqual(words);
    expect(existsSync(canary)).toBe(false);
  });

  it('reuses one connection for many calls', async () => {
    const runner = newRunner();
    const before = await logins();
    await runner.run(['true']);
    await Promise.all(Array.from({ length: 8 }, () => runner.run(['true'])));
    for (let i = 0; i < 4; i++) {
      await runner.run(['true']);
    }
    expect((await logins()) - before).toBe(1);
  });

  it('copies a file with its mode, replacing an older copy', async () => {
    const runner = newRunner();
    const local = join(scratch, `script-${randomUUID()}.sh`);
    const remote = `/tmp/majorana-ssh-copy-${randomUUID()}`;
    try {
      await writeFile(local, 'first\n');
      await runner.copyFile(local, remote);
      await writeFile(local, '#!/bin/sh\necho "it\'s the second"\n');
      await chmod(local, 0o750);
      await runner.copyFile(local, remote);
      expect((await runner.run([remote])).stdout).toBe("it's the second\n");
      expect((await runner.run(['stat', '-c', '%a %U', remote])).stdout).toBe(`750 ${sshd.user}\n`);
      expect((await runner.run(['sh', '-c', 'ls "$1".*.part 2>/dev/null | wc -l', 'sh', remote])).stdout.trim()).toBe('0');
    } finally {
      await rm(remote, { force: true });
    }
  });

  it('refuses to copy into a folder the remote user cannot write, saying so', async () => {
    const local = join(scratch, `file-${randomUUID()}`);
    await writeFile(local, 'x');
    await expect(newRunner().copyFile(local, '/root/not-yours')).rejects.toThrow(/Could not copy .* to \/root\/not-yours on ssh:\/\//);
  });

  it('gives up on a command past its timeout', async () => {
    const result = await newRunner().run(['sleep', '3'], { timeoutMs: 300 });
    expect(result.exitCode).toBeNull();
  });

  it('refuses a key the host does not accept, naming the host and what to check', async () => {
    const strangerKey = join(scratch, `stranger-${randomUUID()}`);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', strangerKey]);
    const error = await caught(newRunner({ identityFile: strangerKey }).run(['true']));
    expect(error.code).toBe(CeErrorCode.Unreachable);
    expect(error.message).toContain(`127.0.0.1:${sshd.port}`);
    expect(error.message).toMatch(/refused the key.*authorized_keys/);
  });

  it('refuses a host whose key it does not know, unless told not to check', async () => {
    const emptyKnownHosts = join(scratch, `known_hosts-${randomUUID()}`);
    await writeFile(emptyKnownHosts, '');
    const error = await caught(newRunner({ knownHostsFile: emptyKnownHosts }).run(['true']));
    expect(error.code).toBe(CeErrorCode.Unreachable);
    expect(error.message).toMatch(/host's key is unknown or changed.*known_hosts/);

    const trusting = newRunner({ knownHostsFile: undefined, strictHostKeyChecking: false });
    expect((await trusting.run(['echo', 'in'])).stdout).toBe('in\n');
  });

  it('says nothing answered when no sshd listens on the port', async () => {
    const port = await closedPort();
    const error = await caught(newRunner({ port }).run(['true']));
    expect(error.code).toBe(CeErrorCode.Unreachable);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toMatch(/nothing answered/);
  });

  it('refuses every call once closed, and closes twice quietly', async () => {
    const runner = newRunner();
    await runner.run(['true']);
    await runner.close();
    await runner.close();
    expect((await caught(runner.run(['true']))).code).toBe(CeErrorCode.Closed);
  });

  it('refuses bad connection options before connecting', () => {
    for (const bad of [{ host: '-oProxyCommand=x' }, { user: '-x' }, { port: 70_000 }, { identityFile: 'relative/key' }]) {
      expect(() => new SshCommandRunner(connection(bad))).toThrow(CeException);
    }
  });
});

async function caught(call: Promise<unknown>): Promise<CeException> {
  try {
    await call;
  } catch (error) {
    if (error instanceof CeException) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a CeException, but the call succeeded');
}

/** A loopback port nothing listens on (it was free an instant ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
