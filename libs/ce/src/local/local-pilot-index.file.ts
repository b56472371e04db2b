import { readFile } from 'node:fs/promises';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { formatPilotRef } from '../pilot-ref.js';
import { errnoCode } from './errno-code.js';
import type { LocalPilotExit, LocalPilotRecord } from './local-pilot-record.js';
import { writeFileAtomically } from '../driver-support/write-file-atomically.js';
import { isPlainObject, parsePilotIndex } from '../driver-support/parse-pilot-index.js';

/** The index file's name in the work directory. */
export const LOCAL_PILOT_INDEX_FILE = 'pilots.json';

const INDEX_VERSION = 1;

interface LocalPilotIndex {
  readonly version: typeof INDEX_VERSION;
  /** The CE the directory belongs to: refs carry its name, so another CE cannot take it over. */
  readonly ce: string;
  readonly pilots: readonly LocalPilotRecord[];
}

/**
 * The Local driver's memory across restarts: one small JSON file listing its pilots. Each write
 * replaces the whole file atomically (temporary file, fsync, rename), so a crash mid-write leaves the
 * previous version, never half a file. One driver instance owns the file (see work-dir-lock.ts).
 */
export class LocalPilotIndexFile {
  constructor(
    readonly path: string,
    private readonly ce: string,
  ) {}

  /** The records saved last time; none when the file does not exist yet. */
  async read(): Promise<LocalPilotRecord[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') {
        return [];
      }
      throw this.unreadable(`cannot be read (${String(error)})`);
    }
    return parsePilotIndex(text, {
      version: INDEX_VERSION,
      kind: 'pilot index',
      owner: { ce: this.ce },
      describeOwner: (owner) => `CE ${JSON.stringify(owner['ce'])}`,
      isEntry: (entry): entry is LocalPilotRecord => isPilotRecord(entry) && entry.ref === formatPilotRef('local', this.ce, entry.id),
      unreadable: (problem) => this.unreadable(problem),
    });
  }

  async write(pilots: readonly LocalPilotRecord[]): Promise<void> {
    const index: LocalPilotIndex = { version: INDEX_VERSION, ce: this.ce, pilots };
    await writeFileAtomically(this.path, `${JSON.stringify(index, null, 1)}\n`);
  }

  private unreadable(problem: string): CeException {
    return new CeException(
      CeErrorCode.IndexUnreadable,
      `The Local CE's pilot index ${this.path} ${problem}. Move it away to start with an empty index (the pilots it lists are then forgotten).`,
      { path: this.path },
    );
  }
}

function isMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isMsOrNull(value: unknown): value is number | null {
  return value === null || isMs(value);
}

function isExit(value: unknown): value is LocalPilotExit {
  return (
    isPlainObject(value) &&
    (value['code'] === null || Number.isSafeInteger(value['code'])) &&
    (value['signal'] === null || typeof value['signal'] === 'string') &&
    isMs(value['atMs'])
  );
}

function isPilotRecord(value: unknown): value is LocalPilotRecord {
  return (
    isPlainObject(value) &&
    typeof value['id'] === 'string' &&
    /^[0-9a-f-]{36}$/.test(value['id']) &&
    typeof value['ref'] === 'string' &&
    // A pid ≤ 1 would make a group signal hit our own group or every process: never accept one.
    Number.isSafeInteger(value['pid']) &&
    (value['pid'] as number) > 1 &&
    isMs(value['submittedAtMs']) &&
    (value['exit'] === null || isExit(value['exit'])) &&
    isMsOrNull(value['cancelledAtMs']) &&
    isMsOrNull(value['lostAtMs'])
  );
}
