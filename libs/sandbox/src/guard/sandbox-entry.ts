/** What a sandbox may hold. Anything else (devices, FIFOs, sparse files...) is refused. */
export type SandboxEntryType = 'file' | 'directory' | 'symlink' | 'hardlink';

/** One entry of a sandbox, as listed, with its name made canonical (`a/b`, no `./`, no trailing `/`). */
export interface SandboxEntry {
  path: string;
  type: SandboxEntryType;
  /** Bytes of content: 0 for directories and links. */
  size: number;
  /** The mode it is extracted with: 0o755 or 0o644 for files (only the executable bit is kept), 0o755 for directories. */
  mode: number;
  /** For links: the target as written in the archive (a symlink's is relative to its directory, a hard link's to the root). */
  linkpath?: string;
}

/** The fields of a tar header the guard reads, named as node-tar names them. */
export interface TarEntryHeader {
  path: string;
  /** node-tar's type name: `File`, `Directory`, `SymbolicLink`, `Link`, `FIFO`... */
  type: string;
  size: number;
  mode?: number;
  linkpath?: string;
}

/** The mode an entry is written with: only the executable bit survives, so archives dedupe and no setuid slips in. */
export function normalizedMode(type: SandboxEntryType, mode: number | undefined): number {
  switch (type) {
    case 'directory':
      return 0o755;
    case 'symlink':
      return 0o777;
    case 'file':
    case 'hardlink':
      return (mode ?? 0) & 0o111 ? 0o755 : 0o644;
  }
}
