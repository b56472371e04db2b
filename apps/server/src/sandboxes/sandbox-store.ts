import type { Readable } from 'node:stream';

/** The Nest token of the SandboxStore, so another store (S3-compatible) can replace the local one. */
export const SANDBOX_STORE = Symbol('SANDBOX_STORE');

/** An archive in the store: it is named by its content's sha256 (lowercase hex). */
export interface StoredSandbox {
  readonly sha256: string;
  readonly bytes: number;
}

export interface PutSandboxOptions {
  /**
   * Called once every byte is in, with the content's sha256 and size, before the archive takes its
   * content address. If it rejects, nothing of the upload remains and `put` rejects with its error: a
   * caller checks the archive (and records its owner) here, so no unchecked archive is ever reachable.
   */
  readonly beforeCommit?: (stored: StoredSandbox) => Promise<void>;
}

/**
 * Where sandbox archives live, by content address: identical archives are one object whoever sent
 * them. Everything streams; nothing holds an archive in memory. Who may use which archive is the
 * database's business (SandboxRepository), not the store's.
 */
export interface SandboxStore {
  /**
   * Streams `source` into a temporary object, then (after `beforeCommit`) moves it atomically to its
   * content address; storing content that is already there leaves one copy. Rejects, leaving nothing
   * behind, if the source fails, `beforeCommit` rejects, or the storage fails.
   */
  put(source: Readable, options?: PutSandboxOptions): Promise<StoredSandbox>;
  /** The archive's bytes; rejects with SandboxNotStoredError when there is no such archive. */
  open(sha256: string): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
  /**
   * Removes the archive unless `stillNeeded` (asked once the archive can no longer be opened by
   * name) says it must stay, which closes the race with a concurrent upload of the same content.
   * Returns whether it was removed.
   */
  remove(sha256: string, stillNeeded?: () => Promise<boolean>): Promise<boolean>;
}

/** The store has no archive of that sha256 (a marker: the caller decides what it means). */
export class SandboxNotStoredError extends Error {
  override readonly name = 'SandboxNotStoredError';

  constructor(readonly sha256: string) {
    super(`no sandbox with sha256 ${sha256} is stored`);
  }
}
