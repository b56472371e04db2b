import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { hashingLimitedStream } from '@majorana/sandbox';
import { SandboxNotStoredError, type PutSandboxOptions, type SandboxStore, type StoredSandbox } from './sandbox-store.js';

const SHA256 = /^[0-9a-f]{64}$/;
/** The store puts no limit of its own: callers count and refuse oversized archives before it. */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

/**
 * Sandboxes as files under one directory (`$MAJORANA_HOME/sandboxes`): `<aa>/<sha256>.tar.gz`, where
 * `aa` is the hash's first two hex digits (256 directories, so none grows to millions of entries).
 * Uploads are written to `tmp/` first, synced, and renamed into place: a rename within one file
 * system is atomic, so a reader sees the whole archive or none, and a crash leaves at most a
 * temporary file (removed by {@link removeStaleTemporaries} at the next start).
 */
export class LocalSandboxStore implements SandboxStore {
  private readonly tmp: string;

  constructor(private readonly root: string) {
    this.tmp = join(root, 'tmp');
  }

  async put(source: Readable, options: PutSandboxOptions = {}): Promise<StoredSandbox> {
    await mkdir(this.tmp, { recursive: true, mode: 0o700 });
    const temporary = this.temporaryPath('part');
    const hasher = hashingLimitedStream(UNLIMITED);
    // flush: synced to disk before it is closed, so before it is named ("a restart loses no sandbox").
    const sink = createWriteStream(temporary, { flags: 'wx', mode: 0o600, flush: true });
    try {
      await pipeline(source, hasher, sink);
      const stored: StoredSandbox = { sha256: hasher.sha256 ?? '', bytes: hasher.bytes };
      await options.beforeCommit?.(stored);
      await mkdir(this.directoryOf(stored.sha256), { recursive: true, mode: 0o700 });
      await rename(temporary, this.pathOf(stored.sha256));
      return stored;
    } catch (error) {
      source.destroy();
      // A refusal can come before the file is even opened: removing it then would race the open,
      // which would create it after the removal and leave it behind.
      if (!sink.closed) {
        await new Promise<void>((resolve) => sink.once('close', () => resolve()));
      }
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async open(sha256: string): Promise<Readable> {
    try {
      // Opened before it is returned, so a missing archive is an error now, not mid-response.
      const handle = await open(this.pathOf(sha256), 'r');
      return handle.createReadStream();
    } catch (error) {
      throw isMissing(error) ? new SandboxNotStoredError(sha256) : error;
    }
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (error) {
      if (isMissing(error)) {
        return false;
      }
      throw error;
    }
  }

  async remove(sha256: string, stillNeeded?: () => Promise<boolean>): Promise<boolean> {
    const path = this.pathOf(sha256);
    const trash = this.temporaryPath('trash');
    await mkdir(this.tmp, { recursive: true, mode: 0o700 });
    try {
      await rename(path, trash);
    } catch (error) {
      if (isMissing(error)) {
        return false;
      }
      throw error;
    }
    if (stillNeeded !== undefined && (await stillNeeded())) {
      // Someone took the archive up meanwhile; an upload of the same content may also have put it
      // back already, with the same bytes, so overwriting it is harmless.
      await rename(trash, path);
      return false;
    }
    await rm(trash, { force: true });
    return true;
  }

  /**
   * Deletes temporary files older than `olderThan` (ms since the epoch): uploads a crash cut short.
   * Younger ones may be uploads in progress on another replica sharing the directory.
   */
  async removeStaleTemporaries(olderThan: number): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.tmp);
    } catch (error) {
      if (isMissing(error)) {
        return 0;
      }
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(this.tmp, name);
      const info = await stat(path).catch(() => undefined);
      if (info !== undefined && info.mtimeMs < olderThan) {
        await rm(path, { force: true, recursive: true });
        removed++;
      }
    }
    return removed;
  }

  private directoryOf(sha256: string): string {
    return join(this.root, checked(sha256).slice(0, 2));
  }

  private pathOf(sha256: string): string {
    return join(this.directoryOf(sha256), `${sha256}.tar.gz`);
  }

  private temporaryPath(kind: 'part' | 'trash'): string {
    return join(this.tmp, `${randomBytes(12).toString('hex')}.${kind}`);
  }
}

/** Only a lowercase sha256 ever becomes part of a path, so no name can leave the store's directory. */
function checked(sha256: string): string {
  if (!SHA256.test(sha256)) {
    throw new TypeError(`a stored sandbox is named by a lowercase sha256, not "${sha256}"`);
  }
  return sha256;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
