import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastLines, readOutputTail } from './output-tail.js';

describe(lastLines.name, () => {
  it('keeps the last lines, and the final line break when there is one', () => {
    expect(lastLines(Buffer.from('a\nb\nc\nd\n'), true, 2)).toBe('c\nd\n');
    expect(lastLines(Buffer.from('a\nb\nc\nd'), true, 2)).toBe('c\nd');
  });

  it('drops the first, partial line of a chunk taken from inside a file', () => {
    expect(lastLines(Buffer.from('rtial\nwhole\n'), false)).toBe('whole\n');
    expect(lastLines(Buffer.from('no break at all'), false)).toBe('');
  });

  it('keeps a file that has fewer lines than asked whole', () => {
    expect(lastLines(Buffer.from('only\n'), true)).toBe('only\n');
    expect(lastLines(Buffer.alloc(0), true)).toBe('');
  });
});

describe(readOutputTail.name, () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'majorana-tail-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads at most the last 8 KiB and 50 lines of a large file', async () => {
    const path = join(dir, 'big.out');
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i + 1} ${'x'.repeat(100)}`);
    await writeFile(path, `${lines.join('\n')}\n`);

    const tail = readOutputTail(path);

    expect(Buffer.byteLength(tail)).toBeLessThanOrEqual(8 * 1024);
    expect(tail.endsWith(`${lines[4999]}\n`)).toBe(true);
    expect(
      tail
        .split('\n')
        .filter(Boolean)
        .every((line) => line.startsWith('line ')),
    ).toBe(true);
  });

  it('keeps multi-byte characters whole when the chunk starts inside one', async () => {
    const path = join(dir, 'utf8.out');
    await writeFile(path, `${'é'.repeat(5000)}\nété ☃\n`);

    expect(readOutputTail(path)).toBe('été ☃\n');
  });

  it('is empty for a file that does not exist', () => {
    expect(readOutputTail(join(dir, 'absent'))).toBe('');
  });
});
