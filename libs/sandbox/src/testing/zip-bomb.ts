import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { rawHeader } from './raw-tar.js';

/**
 * A tar.gz holding one file of `size` zero bytes, generated and compressed as it is read: a gigabyte
 * of zeros is about a megabyte of gzip, and nothing is held in memory. Reading stops when the reader
 * stops (a safe extractor refuses it at the header, long before the zeros).
 */
export function zipBomb(size: number, name = 'bomb.bin'): Readable {
  const zeros = Buffer.alloc(1024 * 1024);
  function* blocks(): Generator<Buffer> {
    yield rawHeader({ path: name }, size);
    for (let left = size; left > 0; left -= zeros.length) {
      yield left >= zeros.length ? zeros : zeros.subarray(0, left);
    }
    yield Buffer.alloc((512 - (size % 512)) % 512);
    yield Buffer.alloc(1024);
  }
  return Readable.from(blocks(), { objectMode: false }).pipe(createGzip({ level: 1 }));
}
