import { readFile } from 'node:fs/promises';
import { CliUsageError, type CliInput, type CliIo } from '../cli-io.js';

/** A CliIo for tests: captures output, serves `-` from a string, reads real files otherwise. */
export class MemoryCliIo implements CliIo {
  out = '';
  err = '';

  readonly env: Record<string, string | undefined>;
  private stop: (signal: string) => void = () => undefined;
  private readonly stopped = new Promise<string>((resolve) => (this.stop = resolve));

  constructor(
    private readonly stdinText = '',
    env: Record<string, string | undefined> = {},
  ) {
    this.env = env;
  }

  untilStopped(): Promise<string> {
    return this.stopped;
  }

  /** What Ctrl+C does to a real terminal. */
  interrupt(): void {
    this.stop('SIGINT');
  }

  stdout(text: string): void {
    this.out += text;
  }

  stderr(text: string): void {
    this.err += text;
  }

  async readInput(path: string): Promise<CliInput> {
    if (path === '-') {
      return { text: this.stdinText, name: '<stdin>' };
    }
    try {
      return { text: await readFile(path, 'utf8'), name: path };
    } catch {
      throw new CliUsageError(`cannot read ${path}: no such file`);
    }
  }
}
