import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { Header, Pax } from 'tar';

/** One entry of a hand-made archive: any name, any type, nothing sanitised, so attacks can be built. */
export interface RawTarEntry {
  path: string;
  /** node-tar's type name; `File` when omitted. */
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'FIFO' | 'CharacterDevice' | 'BlockDevice';
  content?: string | Buffer;
  linkpath?: string;
  mode?: number;
}

/** The header block(s) of an entry, with a pax header in front when the name needs one. */
export function rawHeader(entry: RawTarEntry, size: number): Buffer {
  const header = new Header({
    path: entry.path,
    type: entry.type ?? 'File',
    size,
    mode: entry.mode ?? (entry.type === 'Directory' ? 0o755 : 0o644),
    uid: 0,
    gid: 0,
    mtime: new Date(0),
    linkpath: entry.linkpath ?? '',
  });
  const block = Buffer.alloc(512);
  if (header.encode(block)) {
    return Buffer.concat([new Pax({ path: entry.path, linkpath: entry.linkpath }).encode(), block]);
  }
  return block;
}

/** An uncompressed tar of the entries, exactly as given. */
export function rawTar(entries: RawTarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = typeof entry.content === 'string' ? Buffer.from(entry.content) : (entry.content ?? Buffer.alloc(0));
    parts.push(rawHeader(entry, content.length), content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** A tar.gz of the entries, exactly as given. */
export function rawTarGz(entries: RawTarEntry[]): Buffer {
  return gzipSync(rawTar(entries));
}

/** A readable stream of some bytes, in chunks of `chunkSize` so the parser sees them arrive. */
export function bytesStream(bytes: Buffer, chunkSize = 4096): Readable {
  return Readable.from(
    (function* () {
      for (let offset = 0; offset < bytes.length; offset += chunkSize) {
        yield bytes.subarray(offset, offset + chunkSize);
      }
    })(),
    { objectMode: false },
  );
}
