import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { errnoCode } from './errno-code.js';

const LOCK_FILE = 'local-ce.lock';

interface LockContent {
  readonly pid: number;
  readonly token: string;
}

/**
 * Makes one Local driver instance the only writer of a work directory: two instances would overwrite
 * each other's pilot index and lose pilots. The lock names its holder's pid; a lock left by a process
 * that no longer exists (a crash) is taken over.
 */
export class WorkDirLock {
  private constructor(
    private readonly path: string,
    private readonly token: string,
  ) {}

  /** `driverName` names the kind of driver in the error message. */
  static async acquire(workDir: string, isAlive: (pid: number) => boolean, driverName = 'Local CE'): Promise<WorkDirLock> {
    const path = join(workDir, LOCK_FILE);
    const content: LockContent = { pid: process.pid, token: randomUUID() };
    // Two attempts: the second follows the removal of a stale lock.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(path, JSON.stringify(content), { flag: 'wx' });
        return new WorkDirLock(path, content.token);
      } catch (error) {
        if (errnoCode(error) !== 'EEXIST') {
          throw error;
        }
      }
      const holder = await readHolder(path);
      if (holder !== null && isAlive(holder.pid)) {
        throw new CeException(
          CeErrorCode.WorkDirInUse,
          `The work directory ${workDir} is used by another ${driverName} (process ${holder.pid}${holder.pid === process.pid ? ', this one' : ''}). ` +
            `Give each CE its own directory, or delete ${path} if no such CE runs.`,
          { workDir, pid: holder.pid },
        );
      }
      await rm(path, { force: true });
    }
    throw new CeException(CeErrorCode.WorkDirInUse, `Another process keeps taking the lock ${path}; give each CE its own directory.`, {
      workDir,
    });
  }

  /** Gives the directory up, unless someone took the lock over meanwhile. */
  async release(): Promise<void> {
    const holder = await readHolder(this.path);
    if (holder?.token === this.token) {
      await rm(this.path, { force: true });
    }
  }
}

/** The holder named in the lock file; null when it is gone or unreadable (a crash while writing it). */
async function readHolder(path: string): Promise<LockContent | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'pid' in parsed && 'token' in parsed) {
      const { pid, token } = parsed;
      if (typeof pid === 'number' && typeof token === 'string') {
        return { pid, token };
      }
    }
    return null;
  } catch {
    return null;
  }
}
