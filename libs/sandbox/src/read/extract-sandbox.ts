import { lstat, mkdir, symlink, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type Readable } from 'node:stream';
import { Unpack } from 'tar';
import { sandboxLimits, type SandboxLimits } from '../limits/sandbox-limits.js';
import { diskProbe } from '../guard/disk-probe.js';
import { GuardedTarReader } from './guarded-tar-reader.js';

export interface ExtractSandboxOptions extends Partial<SandboxLimits> {
  /** The archive (tar.gz) as it streams in: a download, a file. Destroyed if the extraction fails. */
  source: Readable;
  /** The directory to unpack into; made if missing. It may already hold files (from other sandboxes). */
  target: string;
  /** When given, the archive must have this sha256 (hex). */
  expectedSha256?: string;
}

export interface ExtractedSandbox {
  sha256: string;
  /** Bytes of the archive as received. */
  bytes: number;
  /** Entries unpacked. */
  entries: number;
  /** Bytes of content unpacked. */
  unpackedBytes: number;
}

/**
 * Unpack a sandbox into `target` as it streams in, refusing the whole archive at the first unsafe
 * entry (absolute path, `..`, a link leaving the target, a write through a link, a device or FIFO),
 * when it passes a limit, or when it is not a complete tar.gz. Nothing is ever written outside the
 * target. Symbolic links are made last, only once the whole archive has passed. On failure the target
 * may hold files from before the refused entry (and the sha256 is only known once the last byte is
 * in): callers discard the target when this rejects.
 */
export async function extractSandbox(options: ExtractSandboxOptions): Promise<ExtractedSandbox> {
  const target = resolve(options.target);
  await mkdir(target, { recursive: true });
  const symlinks: { path: string; linkpath: string }[] = [];
  const reader = new GuardedTarReader(
    options.source,
    { limits: sandboxLimits(options), expectedSha256: options.expectedSha256, probe: diskProbe(target) },
    (entry, tarEntry) => {
      if (entry.type === 'symlink') {
        symlinks.push({ path: entry.path, linkpath: entry.linkpath ?? '' });
        return false;
      }
      // node-tar writes what the guard approved: the canonical name and a mode with only the executable bit.
      tarEntry.path = entry.path;
      tarEntry.mode = entry.mode;
      if (entry.type === 'hardlink') {
        tarEntry.linkpath = entry.linkpath;
      }
    },
  );
  const unpack = new Unpack({
    cwd: target,
    filter: reader.filter,
    // Every warning is an error: a skipped entry would leave a job with half its input.
    strict: true,
    // node-tar's own checks (no absolute paths, no `..`, no writing through symlinks) stay on under ours.
    preservePaths: false,
    // Replace rather than write into what is there, so a pre-existing hard link is never written through.
    unlink: true,
    // Files belong to whoever unpacks them, even root: owners in the archive mean nothing here.
    preserveOwner: false,
    // Archives carry a fixed mtime so they dedupe; files get the time they were unpacked.
    noMtime: true,
  });
  const summary = await reader.run(unpack);
  await createSymlinks(target, symlinks);
  return { ...summary, unpackedBytes: reader.guard.unpackedBytes };
}

/**
 * Symbolic links are made last, by us, once every file is written and the guard has checked all of
 * them against the finished tree: so no entry can be written through a link of the same archive
 * whatever the order of entries, and a link may point at a link (`lib.so -> lib.so.1 -> lib.so.1.2`),
 * which node-tar refuses when the target link happens to exist already.
 */
async function createSymlinks(target: string, symlinks: readonly { path: string; linkpath: string }[]): Promise<void> {
  for (const link of symlinks) {
    const path = join(target, link.path);
    await mkdir(dirname(path), { recursive: true });
    // The guard allowed replacing only a plain file left by an earlier sandbox.
    const existing = await lstat(path).catch(() => undefined);
    if (existing?.isFile()) {
      await unlink(path);
    }
    await symlink(link.linkpath, path);
  }
}
