import { readFile } from 'node:fs/promises';

/** A JDL (or resource ad) as read from a file or standard input. */
export interface CliInput {
  readonly text: string;
  /** The name messages use: the path as given, or `<stdin>` for `-`. */
  readonly name: string;
}

/** Everything a command touches outside itself, so commands run the same in tests and in a shell. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads `path`, or standard input when it is `-`. Rejects with a message naming the path. */
  readInput(path: string): Promise<CliInput>;
  /** The environment the configuration is read from (the only place the CLI reads it). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the user asks a long-running command to stop (Ctrl+C, SIGTERM). */
  untilStopped(): Promise<string>;
  /** True when standard error is a terminal: progress bars draw only then. @default false */
  readonly stderrIsTTY?: boolean;
}

export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

let watchingStdout = false;

/**
 * A reader that stops early (`| head`, a Snakemake that exited) closes our stdout: the rest of the
 * output has nowhere to go, which is not an error of the command. Exit as `head` expects, without the
 * stack trace Node prints for an unhandled EPIPE.
 */
function exitQuietlyWhenStdoutCloses(): void {
  if (watchingStdout) {
    return;
  }
  watchingStdout = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    }
    throw error;
  });
}

export const processCliIo: CliIo = {
  env: process.env,
  stderrIsTTY: process.stderr.isTTY === true,
  untilStopped: () =>
    new Promise((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    }),
  stdout: (text) => {
    exitQuietlyWhenStdoutCloses();
    process.stdout.write(text);
  },
  stderr: (text) => process.stderr.write(text),
  async readInput(path) {
    if (path === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
      }
      return { text: Buffer.concat(chunks).toString('utf8'), name: '<stdin>' };
    }
    try {
      return { text: await readFile(path, 'utf8'), name: path };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : String(error);
      throw new CliUsageError(`cannot read ${path}: ${why}`);
    }
  },
};
