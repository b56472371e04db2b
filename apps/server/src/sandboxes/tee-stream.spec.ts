import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from '@jest/globals';
import { TeeBranchClosedError, teeStream } from './tee-stream.js';

function chunked(bytes: Buffer, size = 16_384): Readable {
  return Readable.from(
    (function* () {
      for (let offset = 0; offset < bytes.length; offset += size) {
        yield bytes.subarray(offset, offset + size);
      }
    })(),
  );
}

describe(teeStream.name, () => {
  it('gives both readers every byte, in order', async () => {
    const bytes = randomBytes(1_000_000);
    const [a, b] = teeStream(chunked(bytes));
    const [first, second] = await Promise.all([buffer(a), buffer(b)]);
    expect(first.equals(bytes)).toBe(true);
    expect(second.equals(bytes)).toBe(true);
  });

  it('fails both readers with the error of the source', async () => {
    const source = new Readable({ read() {} });
    const [a, b] = teeStream(source);
    const readers = [buffer(a), buffer(b)];
    source.push(Buffer.from('part'));
    source.destroy(new Error('client hung up'));
    for (const reader of readers) {
      await expect(reader).rejects.toThrow('client hung up');
    }
  });

  it('stops the source and the other reader when one reader gives up', async () => {
    const source = chunked(randomBytes(10_000_000));
    const [a, b] = teeStream(source);
    const other = buffer(b);
    a.once('data', () => a.destroy());
    await expect(other).rejects.toBeInstanceOf(TeeBranchClosedError);
    expect(source.destroyed).toBe(true);
  });
});
