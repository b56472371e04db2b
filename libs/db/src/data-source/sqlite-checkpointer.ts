import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the background connection copies the write-ahead log into the database file. */
const CHECKPOINT_EVERY_MS = 250;
/** Size the WAL file is cut back to after it has been reused (SQLite keeps it otherwise). */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

// The worker is CommonJS evaluated from this string (an `eval` worker), so it needs no file of its own
// beside the compiled one (Jest runs the TypeScript sources) and gets better-sqlite3 by absolute path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file, { timeout: 0 });
let stopped = false;
const tick = () => {
  if (stopped) return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // SQLITE_BUSY: a checkpoint elsewhere holds the lock; try again next tick.
    if (!String(error && error.code).startsWith('SQLITE_BUSY')) {
      parentPort.postMessage({ error: String(error && error.message || error) });
    }
  }
  setTimeout(tick, workerData.everyMs);
};
parentPort.on('message', (message) => {
  if (message === 'stop') {
    stopped = true;
    try { db.close(); } catch {}
    parentPort.postMessage('stopped');
  }
});
tick();
`;

/**
 * Keeps SQLite's write-ahead log short from a second connection on a worker thread. Left to itself,
 * SQLite checkpoints inside whichever COMMIT crosses 1,000 WAL pages, and better-sqlite3 runs that
 * commit on the event loop: a matcher batch then stalls every request for milliseconds (with
 * synchronous=NORMAL the checkpoint is also where SQLite syncs). A PASSIVE checkpoint never blocks
 * the serving connection; when it has copied everything, SQLite starts the WAL over by itself.
 */
export class SqliteCheckpointer {
  private constructor(
    private readonly worker: Worker,
    private readonly onFailure: (message: string) => void,
  ) {
    worker.on('message', (message: unknown) => {
      if (typeof message === 'object' && message !== null && 'error' in message) {
        this.onFailure(String(message.error));
      }
    });
    worker.on('error', (error) => this.onFailure(error.message));
    worker.unref();
  }

  /** Starts checkpointing `file`; `onFailure` hears why it could not (the caller turns automatic checkpoints back on). */
  static start(file: string, onFailure: (message: string) => void): SqliteCheckpointer {
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driverPath, everyMs: CHECKPOINT_EVERY_MS } });
    return new SqliteCheckpointer(worker, onFailure);
  }

  /** Closes the worker's connection and ends the thread. */
  async stop(): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      this.worker.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      this.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.worker.postMessage('stop');
    await stopped;
    await this.worker.terminate();
  }
}
