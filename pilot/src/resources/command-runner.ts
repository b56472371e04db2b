import { execFile } from 'node:child_process';

export interface CommandResult {
  /** null when the command could not be run at all (not installed) or was killed by the timeout. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a node's command (`squeue`) and captures its output; never rejects. */
export interface CommandRunner {
  run(command: string, args: readonly string[], options?: { timeoutMs?: number }): Promise<CommandResult>;
}

/** The real runner; a batch system's client that hangs is killed after the timeout (default 10 s). */
export const execFileRunner: CommandRunner = {
  run: (command, args, options) =>
    new Promise((resolve) => {
      execFile(command, [...args], { timeout: options?.timeoutMs ?? 10_000, encoding: 'utf8' }, (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        resolve({ exitCode: typeof code === 'number' ? code : null, stdout, stderr });
      });
    }),
};
