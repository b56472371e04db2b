import { readFile } from 'node:fs/promises';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { errnoCode } from '../local/errno-code.js';
import { formatPilotRef } from '../pilot-ref.js';
import type { SshPilotEnd, SshPilotRecord } from './ssh-pilot-record.js';
import { writeFileAtomically } from '../driver-support/write-file-atomically.js';
import { isPlainObject, parsePilotIndex } from '../driver-support/parse-pilot-index.js';

/** The index file's name in the SSH CE's local work directory. */
export const SSH_PILOT_INDEX_FILE = 'ssh-pilots.json';

const INDEX_VERSION = 1;

interface SshPilotIndex {
  readonly version: typeof INDEX_VERSION;
  /** The CE the index belongs to: refs carry its name, so another CE cannot take it over. */
  readonly ce: string;
  /** `ssh://user@host:port/remote/work/dir`: the records' ids are directories there and nowhere else. */
  readonly remote: string;
  readonly pilots: readonly SshPilotRecord[];
}

/**
 * The SSH driver's memory across restarts: the pilots it started, their remote pids and how they ended.
 * Each write replaces the whole file atomically (temporary file, fsync, rename). One driver instance
 * owns it (work-dir-lock.ts).
 */
export class SshPilotIndexFile {
  constructor(
    readonly path: string,
    private readonly ce: string,
    private readonly remote: string,
  ) {}

  /** The records saved last time; none when the file does not exist yet. */
  async read(): Promise<SshPilotRecord[]> {
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
      kind: 'SSH pilot index',
      owner: { ce: this.ce, remote: this.remote },
      describeOwner: (owner) => `CE ${JSON.stringify(owner['ce'])} at ${JSON.stringify(owner['remote'])}`,
      isEntry: (entry): entry is SshPilotRecord => isPilotRecord(entry) && entry.ref === formatPilotRef('ssh', this.ce, entry.id),
      unreadable: (problem) => this.unreadable(problem),
    });
  }

  async write(pilots: readonly SshPilotRecord[]): Promise<void> {
    const index: SshPilotIndex = { version: INDEX_VERSION, ce: this.ce, remote: this.remote, pilots };
    await writeFileAtomically(this.path, `${JSON.stringify(index, null, 1)}\n`);
  }

  private unreadable(problem: string): CeException {
    return new CeException(
      CeErrorCode.IndexUnreadable,
      `The SSH CE's pilot index ${this.path} ${problem}. Move it away to start with an empty index (the pilots it lists are then forgotten).`,
      { path: this.path },
    );
  }
}

function isMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isEnd(value: unknown): value is SshPilotEnd {
  return (
    isPlainObject(value) &&
    (value['status'] === 'Done' || value['status'] === 'Failed' || value['status'] === 'Aborted') &&
    (value['exitCode'] === null || Number.isSafeInteger(value['exitCode'])) &&
    isMs(value['atMs'])
  );
}

function isPilotRecord(value: unknown): value is SshPilotRecord {
  return (
    isPlainObject(value) &&
    typeof value['id'] === 'string' &&
    /^[0-9a-f-]{36}$/.test(value['id']) &&
    typeof value['ref'] === 'string' &&
    // A pid ≤ 1 would make a group signal hit every process of the remote user: never accept one.
    Number.isSafeInteger(value['pid']) &&
    (value['pid'] as number) > 1 &&
    isMs(value['submittedAtMs']) &&
    (value['cancelledAtMs'] === null || isMs(value['cancelledAtMs'])) &&
    (value['end'] === null || isEnd(value['end']))
  );
}
