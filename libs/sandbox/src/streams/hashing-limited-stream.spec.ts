import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HashingLimitedStream, hashingLimitedStream } from './hashing-limited-stream.js';

const MiB = 1024 * 1024;

/** Run chunks through the stream into a sink that counts what reached it. */
async function run(sut: HashingLimitedStream, chunks: Buffer[]): Promise<{ received: number; error?: unknown }> {
  let received = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      callback();
    },
  });
  try {
    await pipeline(Readable.from(chunks), sut, sink);
    return { received };
  } catch (error) {
    return { received, error };
  }
}

describe(HashingLimitedStream.name, () => {
  it('passes bytes through, counting and hashing them', async () => {
    const chunks = [Buffer.from('hello '), Buffer.from('world')];
    const sut = hashingLimitedStream(100);

    const { received, error } = await run(sut, chunks);

    expect(error).toBeUndefined();
    expect(received).toBe(11);
    expect(sut.bytes).toBe(11);
    expect(sut.sha256).toBe(createHash('sha256').update('hello world').digest('hex'));
  });

  it('fails at the first chunk past the limit, saying the limit, the size seen and what to do', async () => {
    const sut = hashingLimitedStream(10 * MiB);

    const { received, error } = await run(sut, [
      Buffer.alloc(4 * MiB),
      Buffer.alloc(4 * MiB),
      Buffer.alloc(Math.round(4.3 * MiB)),
      Buffer.alloc(MiB),
    ]);

    expect(error).toMatchObject({
      code: 'too-large',
      message:
        'Sandbox is larger than the 10 MiB limit (at least 12.3 MiB received); raise MAJORANA_MAX_SANDBOX_BYTES or ship the data through a storage element',
      details: { limit: 10 * MiB, seen: Math.round(12.3 * MiB) },
    });
    expect(received).toBe(8 * MiB);
    expect(sut.sha256).toBeUndefined();
  });

  it('accepts exactly the limit', async () => {
    const { error } = await run(hashingLimitedStream(1000), [Buffer.alloc(1000)]);

    expect(error).toBeUndefined();
  });

  it('fails at the end when the sha256 is not the expected one, and passes when it is', async () => {
    const sha256 = createHash('sha256').update('data').digest('hex');

    const wrong = await run(hashingLimitedStream(100, 'a'.repeat(64)), [Buffer.from('data')]);
    const right = await run(hashingLimitedStream(100, sha256.toUpperCase()), [Buffer.from('data')]);

    expect(wrong.error).toMatchObject({ code: 'checksum-mismatch', details: { expected: 'a'.repeat(64), actual: sha256 } });
    expect(right.error).toBeUndefined();
  });

  it('refuses a limit that is not a count of bytes', () => {
    expect(() => hashingLimitedStream(-1)).toThrow(RangeError);
    expect(() => hashingLimitedStream(1.5)).toThrow(RangeError);
  });
});
