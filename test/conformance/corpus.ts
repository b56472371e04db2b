import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The 40 real JDL files (and DIRAC's observed behaviour) copied from ../shared/jdl-corpus; see its SOURCES.md. */
export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'jdl-corpus');

export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((file) => file.endsWith('.jdl'))
    .sort();
}

export function readCorpusFile(file: string): string {
  return readFileSync(join(CORPUS_DIR, file), 'utf8');
}

export function readCorpusJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(CORPUS_DIR, file), 'utf8')) as T;
}
