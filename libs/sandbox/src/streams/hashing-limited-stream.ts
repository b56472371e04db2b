import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { formatBytes } from '../errors/format-bytes.js';
import { SandboxException } from '../errors/sandbox.exception.js';

export interface HashingLimitedStreamOptions {
  /** Fail with `too-large` as soon as more than this many bytes have passed. */
  maxBytes: number;
  /** When given, fail with `checksum-mismatch` at the end unless the bytes have this sha256 (hex). */
  expectedSha256?: string;
}

/**
 * A pass-through that counts the bytes and hashes them with sha256 as they stream, so an upload or
 * download is checked without ever being held whole in memory. It fails mid-stream at the first
 * chunk over the limit (the rest is never read), and at the end when the hash is not the expected one.
 * `sha256` and `bytes` are final once the stream has ended.
 */
export class HashingLimitedStream extends Transform {
  readonly maxBytes: number;
  readonly expectedSha256: string | undefined;
  #hash: Hash = createHash('sha256');
  #bytes = 0;
  #sha256: string | undefined;

  constructor(options: HashingLimitedStreamOptions) {
    super();
    if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes < 0) {
      throw new RangeError(`maxBytes must be a non-negative integer, not ${options.maxBytes}`);
    }
    this.maxBytes = options.maxBytes;
    this.expectedSha256 = options.expectedSha256?.toLowerCase();
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The sha256 (lowercase hex) of everything that passed; undefined until the stream has ended. */
  get sha256(): string | undefined {
    return this.#sha256;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#bytes += chunk.length;
    if (this.#bytes > this.maxBytes) {
      callback(tooLarge(this.maxBytes, this.#bytes));
      return;
    }
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const actual = this.#hash.digest('hex');
    if (this.expectedSha256 !== undefined && actual !== this.expectedSha256) {
      callback(
        new SandboxException(
          'checksum-mismatch',
          `Sandbox checksum mismatch: expected sha256 ${this.expectedSha256}, received ${actual} (${this.#bytes} bytes); ` +
            'the transfer was damaged or the sandbox was replaced, so fetch or upload it again',
          { expected: this.expectedSha256, actual, seen: this.#bytes },
        ),
      );
      return;
    }
    this.#sha256 = actual;
    callback();
  }
}

/** A {@link HashingLimitedStream} with the given limit and, optionally, the sha256 the bytes must have. */
export function hashingLimitedStream(maxBytes: number, expectedSha256?: string): HashingLimitedStream {
  return new HashingLimitedStream({ maxBytes, expectedSha256 });
}

function tooLarge(limit: number, seen: number): SandboxException {
  return new SandboxException(
    'too-large',
    `Sandbox is larger than the ${formatBytes(limit)} limit (at least ${formatBytes(seen)} received); ` +
      'raise MAJORANA_MAX_SANDBOX_BYTES or ship the data through a storage element',
    { limit, seen },
  );
}
