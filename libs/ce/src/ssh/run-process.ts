import { spawn, type StdioOptions } from 'node:child_process';
import type { CommandResult } from '../shell/command-runner.js';

export interface RunProcessOptions {
  readonly stdin?: string | Buffer;
  readonly timeoutMs: number;
  /** Where stderr goes: collected (default), or an open file descriptor (for a process that outlives the call). */
  readonly stderrFd?: number;
}

/**
 * Runs one program (no shell) and collects what it prints. The timeout sends SIGTERM, then SIGKILL
 * a second later if it is still there; the result then has exitCode null. A program that cannot be
 * started (ENOENT…) rejects with the spawn error.
 */
export function runProcess(program: string, args: readonly string[], options: RunProcessOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const stdio: StdioOptions = ['pipe', 'pipe', options.stderrFd ?? 'pipe'];
    const child = spawn(program, args, { stdio });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    // A program that exits without reading its stdin makes our write fail with EPIPE: not our error.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.stdin ?? '');
    let killTimer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 1_000);
    }, options.timeoutMs);
    child.once('exit', () => {
      if (timedOut) {
        // An ssh client sharing a connection handed our pipes to the master, which keeps them open
        // until the remote command ends: do not wait for that.
        child.stdout?.destroy();
        child.stderr?.destroy();
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        exitCode: timedOut ? null : code,
      });
    });
  });
}
