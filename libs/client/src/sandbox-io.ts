import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * A sandbox to upload: a tar.gz as a stream, as bytes in memory, or as the path of a file. Streams
 * and files are sent as they are read, never held whole in memory.
 */
export type SandboxSource = Readable | Uint8Array | string;

/** A request body for fetch, with its length when known (fetch then sends Content-Length, not chunks). */
export interface SandboxBody {
  readonly body: AsyncIterable<Uint8Array> | Uint8Array;
  readonly length?: number;
}

export async function sandboxBody(source: SandboxSource): Promise<SandboxBody> {
  if (typeof source === 'string') {
    // Its size first, so the server can refuse an archive over its limit before a byte is sent.
    const { size } = await stat(source);
    return { body: createReadStream(source), length: size };
  }
  if (source instanceof Uint8Array) {
    return { body: source, length: source.byteLength };
  }
  return { body: source };
}

/** sha256 (hex) of bytes already in memory, for the X-Majorana-SHA256 header. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A pass-through that hashes what it passes; `sha256` once it has ended. */
class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  sha256 = '';
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.sha256 = this.hash.digest('hex');
    callback();
  }
}

export interface SavedArchive {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Streams a response body to `toPath` through a temporary file beside it, renamed into place only
 * when complete and, if the server said which sha256 it sent, only when the bytes have it: a failed
 * download never leaves a truncated archive under the expected name.
 */
export async function saveArchive(body: Readable, toPath: string, expectedSha256: string | null): Promise<SavedArchive> {
  const temporary = join(dirname(toPath), `.${basename(toPath)}.${process.pid}.${Date.now()}.part`);
  const hasher = new HashingStream();
  try {
    await pipeline(body, hasher, createWriteStream(temporary, { flags: 'wx' }));
    if (expectedSha256 !== null && hasher.sha256 !== expectedSha256.toLowerCase()) {
      throw new Error(`the download of ${basename(toPath)} was damaged: sha256 ${hasher.sha256}, the server sent ${expectedSha256}`);
    }
    await rename(temporary, toPath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { path: toPath, bytes: hasher.bytes, sha256: hasher.sha256 };
}
