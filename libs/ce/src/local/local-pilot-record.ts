import type { PilotStatus } from '../pilot-status.js';

/** How a Local pilot's process ended, as we saw it. */
export interface LocalPilotExit {
  readonly code: number | null;
  readonly signal: string | null;
  readonly atMs: number;
}

/** What the Local driver remembers of one pilot (in memory and in the index file). */
export interface LocalPilotRecord {
  /** The pilot's UUID: its ref's id and its directory's name under the work directory. */
  readonly id: string;
  readonly ref: string;
  /** Its pid, also its process group id. */
  readonly pid: number;
  readonly submittedAtMs: number;
  readonly exit: LocalPilotExit | null;
  /** When a cancel (or close()) asked it to stop. */
  readonly cancelledAtMs: number | null;
  /** When a restarted driver found its process gone with no exit recorded. */
  readonly lostAtMs: number | null;
}

/**
 * The status of a Local pilot. `ownChild` says whether this driver instance spawned it (and so will see
 * its exit); a pilot inherited from before a restart is not our child: while its pid lives we cannot
 * tell whether it is still that pilot (pids are reused), hence `Unknown`.
 *
 * A pilot that exits after a cancel is `Aborted` however it exits: the pilot may catch SIGTERM and
 * leave with 0, but the reason it ended is still the cancel.
 */
export function localPilotStatus(record: LocalPilotRecord, ownChild: boolean): PilotStatus {
  if (record.exit !== null) {
    if (record.cancelledAtMs !== null && record.cancelledAtMs <= record.exit.atMs) {
      return 'Aborted';
    }
    return record.exit.code === 0 ? 'Done' : 'Failed';
  }
  if (record.lostAtMs !== null) {
    return 'Aborted';
  }
  return ownChild ? 'Running' : 'Unknown';
}

/** When the pilot stopped being active, or null while it may still run. */
export function localPilotFinishedAtMs(record: LocalPilotRecord): number | null {
  return record.exit?.atMs ?? record.lostAtMs;
}
