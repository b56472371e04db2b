import { formatBytes } from '../errors/format-bytes.js';
import { SandboxException } from '../errors/sandbox.exception.js';
import { pathSegments, unsafePathReason } from './entry-path.js';
import { normalizedMode, type SandboxEntry, type SandboxEntryType, type TarEntryHeader } from './sandbox-entry.js';

/** What is already at a path under the target, as the disk says (`lstat`, never following links). */
export interface ExistingNode {
  kind: 'directory' | 'file' | 'symlink' | 'other';
  /** A symlink's target, as `readlink` gives it. */
  linkpath?: string;
}

/** Looks up a relative path under the target; undefined when nothing is there. */
export type ExistingProbe = (relativePath: string) => ExistingNode | undefined;

export interface EntryGuardLimits {
  maxEntries: number;
  maxUnpackedBytes: number;
}

interface Node extends ExistingNode {
  /** `archive`: an entry of this sandbox; `implicit`: a parent directory it makes; `disk`: there before. */
  origin: 'archive' | 'implicit' | 'disk';
}

type Resolution = string[] | 'escapes' | 'loop';

/** Linux follows at most 40 symbolic links in one lookup; past that it is a loop (ELOOP). */
const MAX_LINK_HOPS = 40;

/**
 * Decides, entry by entry and before anything is written, whether an archive is safe to unpack, and
 * keeps a model of the tree it builds so that later entries are judged against earlier ones: a file
 * written under an earlier symlink, a symlink whose target passes through another symlink and up with
 * `..`, a hard link to something that is not a file of this archive. Each refusal is a
 * {@link SandboxException} naming the entry. Pure apart from the optional probe of what the target
 * already holds (extraction into a directory that earlier sandboxes have filled).
 */
export class SandboxEntryGuard {
  readonly #nodes = new Map<string, Node>();
  readonly #probed = new Map<string, Node | undefined>();
  /** Archive symlinks case-folded, so `Link/x` is refused on case-insensitive file systems too. */
  readonly #foldedSymlinks = new Set<string>();
  readonly #symlinks: { name: string; parent: string[]; linkpath: string }[] = [];
  #entries = 0;
  #unpackedBytes = 0;

  constructor(
    private readonly limits: EntryGuardLimits,
    private readonly probe?: ExistingProbe,
  ) {}

  /** Entries admitted or refused so far. */
  get entries(): number {
    return this.#entries;
  }

  /** The sizes of the entries seen so far, added up. */
  get unpackedBytes(): number {
    return this.#unpackedBytes;
  }

  /**
   * Check one entry against the limits, the rules and the entries before it. Returns it with its
   * canonical path and mode, or null for an entry that names the target itself (`./`), which is skipped.
   */
  admit(header: TarEntryHeader): SandboxEntry | null {
    const name = header.path;
    this.#entries++;
    if (this.#entries > this.limits.maxEntries) {
      throw new SandboxException(
        'too-many-entries',
        `Sandbox has more than ${this.limits.maxEntries} entries (refused at ${quote(name)}); ` +
          'pack the files into fewer, larger ones or ship them through a storage element',
        { entry: name, limit: this.limits.maxEntries, seen: this.#entries },
      );
    }
    const type = entryType(header.type, name);
    const reason = unsafePathReason(name);
    if (reason !== null) {
      throw new SandboxException('unsafe-path', `Sandbox entry ${quote(name)} ${reason}; the whole sandbox is refused`, { entry: name });
    }
    const segments = pathSegments(name);
    if (segments.length === 0) {
      if (type === 'directory') {
        return null;
      }
      throw new SandboxException('unsafe-path', `Sandbox entry ${quote(name)} would replace the target directory itself`, { entry: name });
    }
    this.#unpackedBytes += header.size;
    if (this.#unpackedBytes > this.limits.maxUnpackedBytes) {
      throw new SandboxException(
        'too-large',
        `Sandbox unpacks to more than the ${formatBytes(this.limits.maxUnpackedBytes)} limit ` +
          `(at least ${formatBytes(this.#unpackedBytes)} with ${quote(name)}); ` +
          'it may be a zip bomb; ship large data through a storage element',
        { entry: name, limit: this.limits.maxUnpackedBytes, seen: this.#unpackedBytes },
      );
    }
    const path = segments.join('/');
    this.#checkParents(segments, name);
    this.#checkExisting(path, type, name);
    let linkpath: string | undefined;
    if (type === 'symlink') {
      linkpath = header.linkpath ?? '';
      this.#checkSymlink(segments.slice(0, -1), linkpath, name);
      this.#foldedSymlinks.add(fold(path));
      this.#symlinks.push({ name, parent: segments.slice(0, -1), linkpath });
    } else if (type === 'hardlink') {
      linkpath = this.#checkHardlink(header.linkpath ?? '', name);
    }
    this.#nodes.set(path, { kind: type === 'hardlink' ? 'file' : type, linkpath, origin: 'archive' });
    return { path, type, size: type === 'file' ? header.size : 0, mode: normalizedMode(type, header.mode), linkpath };
  }

  /**
   * Check again, once every entry is in, that no symlink leaves the target: a link can look safe when
   * it is written and escape only through a symlink that comes later in the archive.
   */
  finish(): void {
    for (const link of this.#symlinks) {
      this.#checkSymlink(link.parent, link.linkpath, link.name);
    }
  }

  /**
   * Check that a symlink at `path` with this target would stay inside, without admitting anything:
   * with a probe and no entries, that is the question asked of the disk when packing.
   */
  checkSymlinkTarget(path: string, linkpath: string): void {
    this.#checkSymlink(pathSegments(path).slice(0, -1), linkpath, path);
  }

  #checkParents(segments: string[], name: string): void {
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join('/');
      const node = this.#lookup(parent);
      if (node?.kind === 'symlink' || this.#foldedSymlinks.has(fold(parent))) {
        throw new SandboxException(
          'unsafe-link',
          `Sandbox entry ${quote(name)} would be written through the symbolic link ${quote(parent)}`,
          {
            entry: name,
          },
        );
      }
      if (node === undefined) {
        this.#nodes.set(parent, { kind: 'directory', origin: 'implicit' });
      } else if (node.kind !== 'directory') {
        throw new SandboxException('unsafe-path', `Sandbox entry ${quote(name)} needs ${quote(parent)} to be a directory, but it is not`, {
          entry: name,
        });
      }
    }
  }

  #checkExisting(path: string, type: SandboxEntryType, name: string): void {
    const node = this.#lookup(path);
    if (node === undefined) {
      return;
    }
    const refuse = (code: 'unsafe-path' | 'unsafe-link', why: string): never => {
      throw new SandboxException(code, `Sandbox entry ${quote(name)} ${why}`, { entry: name });
    };
    if (node.kind === 'symlink') {
      refuse('unsafe-link', `would replace the symbolic link ${quote(path)}`);
    }
    if (node.kind === 'directory') {
      if (type !== 'directory') {
        refuse('unsafe-path', `would replace the directory ${quote(path)}`);
      }
      return;
    }
    if (type === 'directory') {
      refuse('unsafe-path', `is a directory, but ${quote(path)} is already a file`);
    }
    if (node.origin === 'archive') {
      refuse('unsafe-path', 'appears twice in the sandbox');
    }
    if (node.kind === 'other') {
      refuse('unsafe-path', `would replace ${quote(path)}, which is not a regular file`);
    }
    // A regular file left by an earlier sandbox is replaced: extraction unlinks it first, so a hard
    // link it may have to a file elsewhere is broken, never written through.
  }

  #checkSymlink(parent: string[], linkpath: string, name: string): void {
    const refuse = (why: string): never => {
      throw new SandboxException('unsafe-link', `Sandbox entry ${quote(name)} is a symbolic link to ${quote(linkpath)}, ${why}`, {
        entry: name,
      });
    };
    if (linkpath === '') {
      refuse('which is empty');
    }
    const reason = unsafePathReason(linkpath);
    if (reason !== null && reason !== "goes up with '..'") {
      refuse(`which ${reason}`);
    }
    const resolved = this.#resolve(parent, linkpath, { hops: 0 });
    if (resolved === 'escapes') {
      refuse('which leads outside the sandbox');
    } else if (resolved === 'loop') {
      refuse('which goes round a loop of symbolic links');
    }
  }

  #checkHardlink(linkpath: string, name: string): string {
    const reason = unsafePathReason(linkpath);
    const target = pathSegments(linkpath).join('/');
    const node = reason === null ? this.#nodes.get(target) : undefined;
    if (node?.origin !== 'archive' || node.kind !== 'file') {
      throw new SandboxException(
        'unsafe-link',
        `Sandbox entry ${quote(name)} is a hard link to ${quote(linkpath)}, which is not a file earlier in the sandbox`,
        { entry: name },
      );
    }
    return target;
  }

  /** Where `linkpath`, read from the directory `from`, really leads, following the symlinks known so far. */
  #resolve(from: string[], linkpath: string, state: { hops: number }): Resolution {
    if (linkpath.startsWith('/') || unsafePathReason(linkpath) === 'is an absolute path') {
      return 'escapes';
    }
    let current = [...from];
    for (const part of linkpath.split('/')) {
      if (part === '' || part === '.') {
        continue;
      }
      if (part === '..') {
        if (current.length === 0) {
          return 'escapes';
        }
        current.pop();
        continue;
      }
      current.push(part);
      const node = this.#lookup(current.join('/'));
      if (node?.kind === 'symlink') {
        if (++state.hops > MAX_LINK_HOPS) {
          return 'loop';
        }
        const inner = this.#resolve(current.slice(0, -1), node.linkpath ?? '', state);
        if (typeof inner === 'string') {
          return inner;
        }
        current = inner;
      }
    }
    return current;
  }

  #lookup(path: string): Node | undefined {
    const node = this.#nodes.get(path);
    if (node !== undefined || this.probe === undefined) {
      return node;
    }
    if (!this.#probed.has(path)) {
      const existing = this.probe(path);
      this.#probed.set(path, existing && { ...existing, origin: 'disk' });
    }
    return this.#probed.get(path);
  }
}

function entryType(tarType: string, name: string): SandboxEntryType {
  switch (tarType) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return 'file';
    case 'Directory':
      return 'directory';
    case 'SymbolicLink':
      return 'symlink';
    case 'Link':
      return 'hardlink';
    default:
      throw new SandboxException(
        'unsupported-entry',
        `Sandbox entry ${quote(name)} is ${describeType(tarType)}; a sandbox holds only files, directories and links`,
        { entry: name },
      );
  }
}

function describeType(tarType: string): string {
  switch (tarType) {
    case 'CharacterDevice':
      return 'a character device';
    case 'BlockDevice':
      return 'a block device';
    case 'FIFO':
      return 'a FIFO (named pipe)';
    case 'SparseFile':
      return 'a GNU sparse file';
    default:
      return `a '${tarType}' entry`;
  }
}

function fold(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

/** A name quoted for a message, with control characters escaped so it cannot forge log lines. */
export function quote(name: string): string {
  return JSON.stringify(name);
}
