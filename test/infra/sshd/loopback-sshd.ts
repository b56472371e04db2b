import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const PREPARE_SCRIPT = fileURLToPath(new URL('./prepare-loopback-sshd.sh', import.meta.url));

/** The test account pilots run as: a real, unprivileged user, as on a site's login node. */
export const LOOPBACK_SSH_USER = 'majorana-ssh';

/** A running throw-away sshd on 127.0.0.1, and what a client needs to log in to it. */
export interface LoopbackSshd {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  /** The user's private key (root-only, mode 0600). */
  readonly keyFile: string;
  /** Holds the host key for `[127.0.0.1]:port`. */
  readonly knownHostsFile: string;
  /** sshd's own log (`-E`): the real reasons for a refused login are only here. */
  readonly logFile: string;
  /** The temporary folder holding all of the above. */
  readonly dir: string;
  /** Stops sshd by its PID and deletes the folder. Idempotent. */
  stop(): Promise<void>;
}

export interface LoopbackSshdOptions {
  /** Created when missing, unlocked for key login. @default {@link LOOPBACK_SSH_USER} */
  readonly user?: string;
  /** How long to wait for sshd to accept connections. @default 10000 */
  readonly readyTimeoutMs?: number;
  /**
   * Variables every session gets (sshd's `SetEnv`), as a login node's profile would set them: e.g.
   * `{ SLURM_CONF: slurm.confPath }`, so the Slurm clients run over SSH find the test's one-node Slurm
   * (a real site's clients read /etc/slurm/slurm.conf and need nothing). Values may not hold spaces,
   * quotes or line breaks. @default {}
   */
  readonly sessionEnv?: Readonly<Record<string, string>>;
}

/**
 * Starts an sshd on a free loopback port with a fresh host key and a fresh user key authorised for
 * one account (see prepare-loopback-sshd.sh for what it sets up and why). Needs root and
 * openssh-server. Resolves once sshd answers with its banner.
 *
 *     const sshd = await startLoopbackSshd();
 *     try { … ssh -p sshd.port -i sshd.keyFile -o UserKnownHostsFile=sshd.knownHostsFile sshd.user@127.0.0.1 … }
 *     finally { await sshd.stop(); }
 */
export async function startLoopbackSshd(options: LoopbackSshdOptions = {}): Promise<LoopbackSshd> {
  const user = options.user ?? LOOPBACK_SSH_USER;
  const setEnv = setEnvLines(options.sessionEnv ?? {});
  // A port found free can be taken before sshd binds it: try again with another.
  for (let attempt = 1; ; attempt++) {
    const dir = await mkdtemp(join(tmpdir(), 'majorana-sshd-'));
    try {
      return await startOnce(dir, await freeLoopbackPort(), user, options.readyTimeoutMs ?? 10_000, setEnv);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      if (attempt >= 3 || !(error instanceof PortTakenError)) {
        throw error;
      }
    }
  }
}

class PortTakenError extends Error {}

/** `SetEnv NAME=VALUE` lines for sshd_config; a value sshd would split or misread is refused. */
function setEnvLines(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([name, value]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /[\s"'\\]/.test(value) || value === '') {
        throw new RangeError(
          `sessionEnv ${name}=${JSON.stringify(value)}: a variable name and a value without spaces, quotes or backslashes`,
        );
      }
      return `SetEnv ${name}=${value}\n`;
    })
    .join('');
}

async function startOnce(dir: string, port: number, user: string, readyTimeoutMs: number, setEnv: string): Promise<LoopbackSshd> {
  try {
    await promisify(execFile)('bash', [PREPARE_SCRIPT, dir, String(port), user]);
    if (setEnv !== '') {
      await appendFile(join(dir, 'sshd_config'), setEnv);
    }
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`Could not prepare the test sshd (are we root, is openssh-server installed?): ${stderr || String(error)}`);
  }
  const logFile = join(dir, 'sshd.log');
  // -D: stays our child, so its PID is known without a pid file; -E: no syslog on this machine.
  const sshd = spawn('/usr/sbin/sshd', ['-D', '-f', join(dir, 'sshd_config'), '-E', logFile], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => sshd.once('exit', (code) => resolve(code)));
  try {
    await waitForBanner(port, exited, readyTimeoutMs);
  } catch (error) {
    await stopChild(sshd, exited);
    const log = await readFile(logFile, 'utf8').catch(() => '');
    if (/Address already in use|Cannot bind/i.test(log)) {
      throw new PortTakenError(log);
    }
    throw new Error(`The test sshd did not start: ${String(error)}\n${log}`);
  }
  let stopping: Promise<void> | null = null;
  return {
    host: '127.0.0.1',
    port,
    user,
    keyFile: join(dir, 'user_key'),
    knownHostsFile: join(dir, 'known_hosts'),
    logFile,
    dir,
    stop: () =>
      (stopping ??= (async () => {
        await stopChild(sshd, exited);
        await rm(dir, { recursive: true, force: true });
      })()),
  };
}

/** SIGTERM by PID, SIGKILL if still there after 5 s. */
async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls until the port answers with an SSH banner; fails early when sshd exits. */
async function waitForBanner(port: number, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`sshd exited with code ${String(exitCode)}`);
    }
    if (await answersWithBanner(port)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no SSH banner on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

function answersWithBanner(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('data', (data: Buffer) => done(data.toString('latin1').startsWith('SSH-')));
    socket.once('error', () => done(false));
  });
}
