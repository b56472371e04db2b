import { spawn } from 'node:child_process';
import { chmod, copyFile, stat } from 'node:fs/promises';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import type { CommandResult, CommandRunner, RunOptions } from './command-runner.js';

/** How long a command may run when the caller names no timeout. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;

/** More output than any batch command prints; a runaway command is stopped rather than eating memory. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export interface LocalCommandRunnerOptions {
  /**
   * The complete environment of every command. The Slurm clients read `SLURM_CONF` from it, so a test
   * Slurm is reached by passing its variables here.
   * @default this process's environment
   */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * {@link CommandRunner} on this machine: `execFile`-style, no shell, so argv words reach the program
 * as they are. A command that cannot be started at all (missing program, no permission) rejects; one
 * that starts and fails resolves with its exit code and stderr, for the caller to judge.
 */
export class LocalCommandRunner implements CommandRunner {
  readonly description = 'local';
  private closed = false;

  constructor(private readonly options: LocalCommandRunnerOptions = {}) {}

  run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    if (this.closed) {
      return Promise.reject(this.closedError());
    }
    const [program, ...args] = argv;
    if (program === undefined || program === '') {
      return Promise.reject(new RangeError('LocalCommandRunner.run needs a program name as argv[0]'));
    }
    return new Promise<CommandResult>((resolve, reject) => {
      const child = spawn(program, args, {
        env: this.options.env === undefined ? undefined : { ...this.options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
      // Our own timer rather than spawn's `timeout`, whose timer outlives a program that never started.
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
      const stdout = new OutputCollector();
      const stderr = new OutputCollector();
      const collect = (collector: OutputCollector) => (chunk: Buffer) => {
        if (!collector.add(chunk)) {
          child.kill('SIGKILL');
        }
      };
      child.stdout.on('data', collect(stdout));
      child.stderr.on('data', collect(stderr));
      // A command that exits without reading its stdin makes our write fail with EPIPE: not our error.
      child.stdin.on('error', () => undefined);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`Cannot run ${program}: ${error.message}`, { cause: error }));
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ stdout: stdout.text(), stderr: stderr.text(), exitCode: code });
      });
      child.stdin.end(options.stdin);
    });
  }

  async copyFile(localPath: string, remotePath: string): Promise<void> {
    if (this.closed) {
      throw this.closedError();
    }
    if (localPath === remotePath) {
      return;
    }
    const { mode } = await stat(localPath);
    await copyFile(localPath, remotePath);
    // copyFile keeps the content only; a shipped script must stay executable (or private) as it was.
    await chmod(remotePath, mode & 0o7777);
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private closedError(): CeException {
    return new CeException(CeErrorCode.Closed, 'This LocalCommandRunner is closed; make a new one.');
  }
}

/** Collects a stream's chunks up to {@link MAX_OUTPUT_BYTES}; `add` says false once over the cap. */
class OutputCollector {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  add(chunk: Buffer): boolean {
    this.bytes += chunk.length;
    if (this.bytes > MAX_OUTPUT_BYTES) {
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
