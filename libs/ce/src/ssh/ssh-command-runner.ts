import { lstat, mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import type { CommandResult, CommandRunner, RunOptions } from '../shell/command-runner.js';
import { errnoCode } from '../local/errno-code.js';
import { runProcess } from './run-process.js';
import { sshExitArgs, sshMasterArgs, sshRunArgs } from './ssh-args.js';
import { sshConnectionFailure } from './ssh-connection-failure.js';
import {
  describeSshTarget,
  type ResolvedSshConnectionOptions,
  resolveSshConnectionOptions,
  type SshConnectionOptions,
} from './ssh-connection-options.js';
import { shellCommandLine } from './shell-quote.js';

const DEFAULT_TIMEOUT_MS = 60_000;
/** close() does not wait longer than this for the shared connection to end. */
const EXIT_TIMEOUT_MS = 5_000;

/**
 * Atomically puts stdin at "$1" with mode "$2": a pilot starting from the file while a new copy
 * arrives reads the old or the new one, never half of one.
 */
const COPY_SCRIPT = 'tmp="$1.$$.part"; if cat >"$tmp" && chmod "$2" "$tmp" && mv -f "$tmp" "$1"; then exit 0; fi; rm -f "$tmp"; exit 1';

/**
 * Runs commands on a remote host with the system `ssh` client. Every argv word is quoted for the
 * remote POSIX shell (shell-quote.ts), so no argument can become a command. The first call opens one
 * shared connection (ssh's ControlMaster, its socket in a private temporary directory) that later
 * calls reuse: a fresh connection costs a few hundred milliseconds and a login in the host's logs.
 * A shared connection that ended on its own (idle past `controlPersistSeconds`, network loss) is
 * opened again by the next call.
 *
 * Requires the remote account's login shell to be a POSIX shell (sh, bash, dash, zsh, ksh).
 * A command that times out is stopped on our side; ssh does not signal the remote process.
 */
export class SshCommandRunner implements CommandRunner {
  readonly description: string;
  private readonly options: ResolvedSshConnectionOptions;
  private controlDir: Promise<string> | null = null;
  /** The one check-or-start of the shared connection in flight: concurrent calls wait for the same one. */
  private connecting: Promise<string> | null = null;
  private closed = false;

  constructor(options: SshConnectionOptions) {
    this.options = resolveSshConnectionOptions(options);
    this.description = describeSshTarget(this.options);
  }

  async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    this.assertOpen();
    if (argv.length === 0) {
      throw new TypeError('SshCommandRunner.run needs at least the program to run.');
    }
    const commandLine = shellCommandLine(argv);
    const controlPath = await this.connect();
    const result = await this.ssh(sshRunArgs(this.options, controlPath, commandLine), {
      stdin: options.stdin,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    if (result.exitCode === 255) {
      const failure = sshConnectionFailure(this.description, result.stderr);
      if (failure !== null) {
        throw failure;
      }
    }
    return result;
  }

  async copyFile(localPath: string, remotePath: string): Promise<void> {
    this.assertOpen();
    let content: Buffer;
    let mode: number;
    try {
      [content, mode] = await Promise.all([readFile(localPath), stat(localPath).then((s) => s.mode & 0o7777)]);
    } catch (error) {
      throw new CeException(CeErrorCode.SubmitFailed, `Cannot read ${localPath} to copy it to ${this.description}: ${String(error)}`, {
        localPath,
      });
    }
    const result = await this.run(['sh', '-c', COPY_SCRIPT, 'majorana-copy', remotePath, mode.toString(8)], { stdin: content });
    if (result.exitCode !== 0) {
      throw new CeException(
        CeErrorCode.SubmitFailed,
        `Could not copy ${localPath} to ${remotePath} on ${this.description} (exit ${String(result.exitCode)}): ${result.stderr.trim()}. ` +
          'Check that the directory exists and the remote user may write there.',
        { localPath, remotePath },
      );
    }
  }

  /** Ends the shared connection and deletes its socket directory. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    if (this.controlDir === null) {
      return;
    }
    const dir = await this.controlDir;
    await this.connecting?.catch(() => undefined);
    const controlPath = join(dir, 'control');
    if (await isSocket(controlPath)) {
      // Best effort: an ended master is fine, and the socket goes with the directory anyway.
      await this.ssh(sshExitArgs(this.options, controlPath), { timeoutMs: EXIT_TIMEOUT_MS }).catch(() => undefined);
    }
    await rm(dir, { recursive: true, force: true });
  }

  /** The shared connection's socket, opening the connection when there is none. */
  private connect(): Promise<string> {
    this.connecting ??= this.ensureMaster().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async ensureMaster(): Promise<string> {
    // 0700, ours alone: whoever can reach the socket can run commands as the remote user.
    this.controlDir ??= mkdtemp(join(tmpdir(), 'majorana-ssh-'));
    const dir = await this.controlDir;
    const controlPath = join(dir, 'control');
    if (await isSocket(controlPath)) {
      return controlPath;
    }
    const logPath = join(dir, 'master.log');
    const log = await open(logPath, 'w');
    let result: CommandResult;
    try {
      // The master goes to the background once logged in and keeps writing its stderr here; a pipe
      // would keep this call waiting until the connection ends.
      result = await this.ssh(sshMasterArgs(this.options, controlPath), {
        timeoutMs: (this.options.connectTimeoutSeconds * 2 + 5) * 1_000,
        stderrFd: log.fd,
      });
    } finally {
      await log.close();
    }
    if (result.exitCode !== 0) {
      const said = await readFile(logPath, 'utf8').catch(() => '');
      throw (
        sshConnectionFailure(this.description, said) ??
        new CeException(
          CeErrorCode.Unreachable,
          `Cannot open an SSH connection to ${this.description} (ssh ${result.exitCode === null ? 'timed out' : `exited ${result.exitCode}`}): ` +
            `${said.trim() || 'no message'}. Check the host, port, user and key.`,
          { target: this.description },
        )
      );
    }
    return controlPath;
  }

  private async ssh(args: readonly string[], options: Parameters<typeof runProcess>[2]): Promise<CommandResult> {
    try {
      return await runProcess(this.options.sshPath, args, options);
    } catch (error) {
      throw new CeException(
        CeErrorCode.InvalidConfiguration,
        `Cannot run the ssh client ${JSON.stringify(this.options.sshPath)} (${String(error)}); install openssh-client or set sshPath.`,
        { sshPath: this.options.sshPath },
      );
    }
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new CeException(CeErrorCode.Closed, `The SSH runner for ${this.description} is closed; make a new one.`);
    }
  }
}

async function isSocket(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSocket();
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      return false;
    }
    throw error;
  }
}
