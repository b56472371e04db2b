import { createWriteStream } from 'node:fs';
import { readlink, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { SandboxEntryGuard } from '../guard/sandbox-entry-guard.js';
import { diskProbe } from '../guard/disk-probe.js';
import { expandSandboxPatterns, type SandboxSourceEntry } from '../patterns/expand-sandbox-patterns.js';
import { HashingLimitedStream } from '../streams/hashing-limited-stream.js';
import { PortableGzipHeader } from './portable-gzip-header.js';
import { tarBlocks, type PackRecord } from './tar-blocks.js';

export interface PackSandboxOptions {
  /** The directory the patterns are relative to; nothing outside it is ever packed. */
  cwd: string;
  /** Relative paths and patterns (`*`, `?`, `[...]`, `**`), as in a JDL's InputSandbox or OutputSandbox. */
  files: readonly string[];
  /** Write the archive to this file (removed again if packing fails); without it, the archive is streamed. */
  output?: string;
  /** Fail with `too-large` as soon as the compressed archive passes this many bytes. */
  maxBytes: number;
}

interface PackedContents {
  /** Every path packed (files, directories, links), sorted as in the archive. */
  files: string[];
  /** Patterns that matched nothing. */
  missing: string[];
  /** Sockets, FIFOs and devices a wildcard reached; left out. */
  skipped: string[];
}

export interface PackedSandboxFile extends PackedContents {
  path: string;
  sha256: string;
  bytes: number;
}

export interface PackedSandboxStream extends PackedContents {
  /** The archive, produced as it is read. */
  stream: Readable;
  /** Its sha256 and size, once the stream has been read to the end; rejects if packing fails. */
  done: Promise<{ sha256: string; bytes: number }>;
}

/**
 * Pack files under `cwd` into a sandbox (tar.gz) without holding it in memory. The archive is
 * deterministic (entries in byte order, mtime, owner and modes fixed but for the executable bit, a
 * platform-neutral gzip header), so the same files give the same sha256 and are stored once.
 * Symbolic links are packed as links and must lead somewhere inside `cwd`; anything else is refused
 * before a byte is written. Missing patterns are reported, not fatal, as DIRAC does for
 * OutputSandbox; an empty sandbox is still a valid archive.
 */
export async function packSandbox(options: PackSandboxOptions & { output: string }): Promise<PackedSandboxFile>;
export async function packSandbox(options: PackSandboxOptions & { output?: undefined }): Promise<PackedSandboxStream>;
export async function packSandbox(options: PackSandboxOptions): Promise<PackedSandboxFile | PackedSandboxStream> {
  const cwd = await realpath(options.cwd);
  const expanded = await expandSandboxPatterns(cwd, options.files);
  const records = await checkedRecords(cwd, expanded.entries);
  const contents: PackedContents = { files: records.map((record) => record.path), missing: expanded.missing, skipped: expanded.skipped };
  const tar = Readable.from(tarBlocks(cwd, records), { objectMode: false });
  const hasher = new HashingLimitedStream({ maxBytes: options.maxBytes });

  if (options.output !== undefined) {
    try {
      await pipelineAsync(tar, createGzip(), new PortableGzipHeader(), hasher, createWriteStream(options.output));
    } catch (error) {
      await rm(options.output, { force: true });
      throw error;
    }
    return { ...contents, path: options.output, sha256: hasher.sha256 ?? '', bytes: hasher.bytes };
  }

  const done = new Promise<{ sha256: string; bytes: number }>((resolve, reject) => {
    hasher.once('end', () => resolve({ sha256: hasher.sha256 ?? '', bytes: hasher.bytes }));
    pipeline(tar, createGzip(), new PortableGzipHeader(), hasher, (error) => {
      if (error) {
        reject(error);
      }
    });
  });
  // The stream reports the same failure to whoever reads it; `done` may go unawaited.
  done.catch(() => undefined);
  return { ...contents, stream: hasher, done };
}

/**
 * The entries as records, each symlink's target read and checked: it must be relative and lead
 * inside `cwd`, both as the disk resolves it now (through links the sandbox does not hold) and as
 * extraction will judge it from the archive alone (the same guard, fed the same entries).
 */
async function checkedRecords(cwd: string, entries: readonly SandboxSourceEntry[]): Promise<PackRecord[]> {
  const unlimited = { maxEntries: Infinity, maxUnpackedBytes: Infinity };
  const archiveGuard = new SandboxEntryGuard(unlimited);
  const diskGuard = new SandboxEntryGuard(unlimited, diskProbe(cwd));
  const records: PackRecord[] = [];
  for (const entry of entries) {
    let linkpath: string | undefined;
    if (entry.type === 'symlink') {
      linkpath = await readlink(join(cwd, entry.path));
      diskGuard.checkSymlinkTarget(entry.path, linkpath);
    }
    const type = entry.type === 'file' ? 'File' : entry.type === 'directory' ? 'Directory' : 'SymbolicLink';
    archiveGuard.admit({ path: entry.path, type, size: 0, linkpath });
    records.push({ path: entry.path, type: entry.type, linkpath });
  }
  archiveGuard.finish();
  return records;
}
