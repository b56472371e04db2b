import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliIo } from '../../cli-io.js';
import { EMPTY_STATUS_CACHE, parseStatusCache, type StatusCache } from './status-cache.js';

/** Where the shared status cache lives, and how it is changed. */
export interface StatusCacheStore {
  read(): Promise<StatusCache>;
  /**
   * Applies `change` to the cache as it is now and saves the result; resolves to it. A cache that
   * cannot be saved is not an error (it only costs requests), so this never rejects for that.
   */
  update(change: (latest: StatusCache) => StatusCache): Promise<StatusCache>;
}

/**
 * The folder of the cache: `$XDG_RUNTIME_DIR/majorana-snakemake` (private to the user and cleared at
 * logout), else `$TMPDIR/majorana-snakemake-<uid>` (default /tmp), which {@link FileStatusCacheStore}
 * refuses to use unless it is the user's own and writable by nobody else.
 */
export function statusCacheDir(env: Readonly<Record<string, string | undefined>>, uid: number): string {
  if (env.XDG_RUNTIME_DIR) {
    return join(env.XDG_RUNTIME_DIR, 'majorana-snakemake');
  }
  return join(env.TMPDIR || '/tmp', `majorana-snakemake-${uid}`);
}

/**
 * One cache file per server and credential: the statuses a token may see are its own, and a search
 * with another token would report this one's jobs as not found.
 */
export function statusCacheFileName(serverUrl: string, credential: string): string {
  const key = createHash('sha256').update(`${serverUrl}\n${credential}`).digest('hex').slice(0, 16);
  return `status-${key}.json`;
}

/**
 * The store every `majorana snakemake` invocation of this user shares for `serverUrl` and the
 * credential the environment names (MAJORANA_TOKEN, or the token files under MAJORANA_HOME).
 */
export function statusCacheStoreFor(io: CliIo, serverUrl: string): FileStatusCacheStore {
  const uid = process.getuid?.() ?? 0;
  const credential = `${io.env.MAJORANA_TOKEN ?? ''}\n${io.env.MAJORANA_HOME ?? ''}`;
  return new FileStatusCacheStore(statusCacheDir(io.env, uid), statusCacheFileName(serverUrl, credential), uid, (message) =>
    io.stderr(`majorana: ${message}\n`),
  );
}

/**
 * The cache in a JSON file. Writes go to a temporary file renamed over the old one, so a reader
 * sees the old or the new cache, never half of one. Two invocations writing at once may lose one
 * of the two updates; that is safe by design — a job whose fresh status is missing is simply asked
 * about again.
 */
export class FileStatusCacheStore implements StatusCacheStore {
  private usable: Promise<boolean> | undefined;

  constructor(
    readonly dir: string,
    readonly fileName: string,
    private readonly uid: number,
    private readonly warn: (message: string) => void,
  ) {}

  get path(): string {
    return join(this.dir, this.fileName);
  }

  async read(): Promise<StatusCache> {
    if (!(await this.isUsable())) {
      return EMPTY_STATUS_CACHE;
    }
    try {
      return parseStatusCache(await readFile(this.path, 'utf8'));
    } catch {
      return EMPTY_STATUS_CACHE;
    }
  }

  async update(change: (latest: StatusCache) => StatusCache): Promise<StatusCache> {
    const next = change(await this.read());
    if (!(await this.isUsable())) {
      return next;
    }
    const temporary = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify(next), { mode: 0o600 });
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      this.warn(
        `cannot save the status cache ${this.path} (${(error as NodeJS.ErrnoException).code ?? String(error)}): asking the server every time`,
      );
    }
    return next;
  }

  private isUsable(): Promise<boolean> {
    this.usable ??= this.prepareDir();
    return this.usable;
  }

  /** Creates the folder (0700); a folder someone else owns or may write to could feed us false statuses, so it is not used. */
  private async prepareDir(): Promise<boolean> {
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const info = await lstat(this.dir);
      if (!info.isDirectory() || info.uid !== this.uid || (info.mode & 0o022) !== 0) {
        this.warn(`not using the status cache folder ${this.dir}: it is not a folder of yours that only you can write to; remove it`);
        return false;
      }
      return true;
    } catch (error) {
      this.warn(`cannot make the status cache folder ${this.dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      return false;
    }
  }
}
