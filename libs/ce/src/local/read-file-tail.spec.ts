import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileTail } from './read-file-tail.js';

describe(readFileTail.name, () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'majorana-tail-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function fileWith(content: string): Promise<string> {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.txt`);
    await writeFile(path, content);
    return path;
  }

  it('returns a short file whole', async () => {
    expect(await readFileTail(await fileWith('line 1\nline 2\n'), 100)).toBe('line 1\nline 2\n');
  });

  it('returns only the last bytes of a long file', async () => {
    expect(await readFileTail(await fileWith('abcdefghij'), 4)).toBe('ghij');
  });

  it('drops the leftover of a multi-byte character cut at the start', async () => {
    // "é" is 2 bytes and "€" 3: a 4-byte tail of "aé€" starts inside "é".
    expect(await readFileTail(await fileWith('aé€'), 4)).toBe('€');
    expect(await readFileTail(await fileWith('a€'), 2)).toBe('');
  });

  it('returns an empty string for a file that does not exist', async () => {
    expect(await readFileTail(join(dir, 'missing.txt'), 10)).toBe('');
  });
});
