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

export const processCliIo: CliIo = {
  env: process.env,
  stderrIsTTY: process.stderr.isTTY === true,
  untilStopped: () =>
    new Promise((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    }),
  stdout: (text) => process.stdout.write(text),
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
