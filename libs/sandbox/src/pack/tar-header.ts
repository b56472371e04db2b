import { Header, Pax } from 'tar';

/** One entry as it is written into a sandbox archive. */
export interface TarRecord {
  path: string;
  type: 'file' | 'directory' | 'symlink';
  size: number;
  mode: number;
  linkpath?: string;
}

/**
 * Every entry carries this mtime (and owner 0:0, no user or group names), so that the same files
 * make the same bytes and the same sha256 whoever packs them and whenever: identical sandboxes are
 * stored once. 1980 rather than 1970 because some tools (zip, Python's zipfile) refuse older dates.
 */
export const SANDBOX_MTIME = new Date(Date.UTC(1980, 0, 1));

const TYPE_NAMES = { file: 'File', directory: 'Directory', symlink: 'SymbolicLink' } as const;

/** The 512-byte header of a record, preceded by a pax header when a name is too long or not ASCII. */
export function tarHeader(record: TarRecord): Buffer {
  const path = record.type === 'directory' ? `${record.path}/` : record.path;
  const header = new Header({
    path,
    mode: record.mode,
    uid: 0,
    gid: 0,
    size: record.type === 'file' ? record.size : 0,
    mtime: SANDBOX_MTIME,
    type: TYPE_NAMES[record.type],
    linkpath: record.linkpath ?? '',
    uname: '',
    gname: '',
  });
  const block = Buffer.alloc(512);
  if (!header.encode(block)) {
    return block;
  }
  const pax = new Pax({ path, linkpath: record.linkpath, size: record.type === 'file' ? record.size : undefined }).encode();
  return Buffer.concat([pax, block]);
}

/** Zeros that round a file's content up to whole 512-byte blocks. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((512 - (size % 512)) % 512);
}

/** Two zero blocks: the end of a tar archive. */
export const TAR_END = Buffer.alloc(1024);
