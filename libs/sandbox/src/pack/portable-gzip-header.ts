import { Transform, type TransformCallback } from 'node:stream';

/** Byte 9 of a gzip header names the operating system that compressed it (RFC 1952). */
const OS_BYTE = 9;
/** "Unknown": the same on every platform. */
const OS_UNKNOWN = 0xff;

/**
 * Sets the gzip header's operating-system byte to "unknown", which zlib otherwise fills with the
 * platform it was built for, so that a sandbox packed on macOS has the same bytes (and sha256) as one
 * packed on Linux. Everything else passes through unchanged.
 */
export class PortableGzipHeader extends Transform {
  #offset = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#offset <= OS_BYTE && this.#offset + chunk.length > OS_BYTE) {
      chunk = Buffer.from(chunk);
      chunk[OS_BYTE - this.#offset] = OS_UNKNOWN;
    }
    this.#offset += chunk.length;
    callback(null, chunk);
  }
}
