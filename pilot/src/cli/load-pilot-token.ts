import { readFile } from 'node:fs/promises';
import { CliUsageError } from './cli-usage.error.js';
import type { TokenSource } from './parse-pilot-args.js';

/** The pilot credential from where the command line says; a file's surrounding whitespace is not part of it. */
export async function loadPilotToken(
  source: TokenSource,
  read: (path: string) => Promise<string> = (path) => readFile(path, 'utf8'),
): Promise<string> {
  if (source.kind === 'value') {
    return source.token;
  }
  let text: string;
  try {
    text = await read(source.path);
  } catch (error) {
    throw new CliUsageError(
      'invalid-value',
      `--token-file ${source.path} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const token = text.trim();
  if (token === '') {
    throw new CliUsageError('invalid-value', `--token-file ${source.path} is empty`);
  }
  return token;
}
