import { readFile } from 'node:fs/promises';
import { CliUsageError, type CliInput, type CliIo } from '../cli-io.js';

/** A CliIo for tests: captures output, serves `-` from a string, reads real files otherwise. */
export class MemoryCliIo implements CliIo {
  out = '';
  err = '';

  constructor(private readonly stdinText = '') {}

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
