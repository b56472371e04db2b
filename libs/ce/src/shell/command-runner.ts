/** What one command printed and how it ended. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit status; null when a signal (or the timeout) ended it. */
  readonly exitCode: number | null;
}

export interface RunOptions {
  /** Written to the command's stdin, then closed. */
  readonly stdin?: string | Buffer;
  /** Kill the command after this long (the result then has exitCode null). @default 60000 */
  readonly timeoutMs?: number;
}

/**
 * Where a batch-system driver runs its commands (`sbatch`, `squeue`, `scancel`, `mkdir`…): on this
 * machine, or on a login node over SSH. The Slurm driver takes one, so "Slurm over SSH" is the Slurm
 * driver given the SSH runner, not a third driver. Commands are argv arrays, never shell strings: a
 * runner that needs a shell (SSH) quotes every word itself, so no CE name or path can inject a command.
 */
export interface CommandRunner {
  /** For logs and errors: `local` or `ssh://user@host:port`. */
  readonly description: string;
  run(argv: readonly string[], options?: RunOptions): Promise<CommandResult>;
  /** Puts a local file at `remotePath` (mode kept), creating nothing else; a local runner copies. */
  copyFile(localPath: string, remotePath: string): Promise<void>;
  /** Ends what the runner holds open (an SSH control connection); later calls throw. */
  close(): Promise<void>;
}
