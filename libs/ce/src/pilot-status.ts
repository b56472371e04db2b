/**
 * Where a pilot is in its life, as its computing element reports it. The names and meanings are
 * DIRAC's pilot statuses (PilotAgentsDB), reduced to the ones a driver can tell apart:
 *
 * | status      | meaning                                                          | may become                       |
 * |-------------|------------------------------------------------------------------|----------------------------------|
 * | `Submitted` | the CE accepted the pilot; the batch system does not show it yet | any other                        |
 * | `Waiting`   | queued at the batch system, not started                          | Running, a final status, Unknown |
 * | `Running`   | the pilot process runs                                           | a final status, Unknown          |
 * | `Done`      | final: the pilot exited with code 0                              | —                                |
 * | `Failed`    | final: it exited non-zero, or died of a signal nobody asked for  | —                                |
 * | `Aborted`   | final: cancelled through the CE, or lost with no recorded exit   | —                                |
 * | `Unknown`   | the CE cannot tell now; a later poll may resolve it              | any other                        |
 *
 * How each driver maps its batch system onto these is in the README (Local: a spawned child is
 * `Running` at once; Slurm: `PENDING` is `Waiting`, `CANCELLED` is `Aborted`, `TIMEOUT` is `Failed`).
 * DIRAC's `Scheduled`, `Stalled` and `Deleted` are left out: `Scheduled` is `Waiting` for every batch
 * system we drive, a stalled pilot is the server's judgement (it stops hearing the WebSocket), not the
 * CE's, and a cancelled pilot is `Aborted` here.
 */
export const PILOT_STATUSES = ['Submitted', 'Waiting', 'Running', 'Done', 'Failed', 'Aborted', 'Unknown'] as const;

export type PilotStatus = (typeof PILOT_STATUSES)[number];

/** The statuses a pilot never leaves. */
export const FINAL_PILOT_STATUSES: readonly PilotStatus[] = ['Done', 'Failed', 'Aborted'];

/**
 * The transitions a driver may report between two polls (the table's last column). A pilot never goes
 * back to the queue: drivers submit with requeueing off (Slurm `--no-requeue`), because a requeued
 * pilot would come back with the credential and `--max-time` of its first start.
 */
export const PILOT_STATUS_TRANSITIONS: Readonly<Record<PilotStatus, readonly PilotStatus[]>> = {
  Submitted: ['Waiting', 'Running', 'Done', 'Failed', 'Aborted', 'Unknown'],
  Waiting: ['Running', 'Done', 'Failed', 'Aborted', 'Unknown'],
  Running: ['Done', 'Failed', 'Aborted', 'Unknown'],
  Done: [],
  Failed: [],
  Aborted: [],
  Unknown: ['Submitted', 'Waiting', 'Running', 'Done', 'Failed', 'Aborted'],
};

export function isFinalPilotStatus(status: PilotStatus): boolean {
  return FINAL_PILOT_STATUSES.includes(status);
}

/** Whether a pilot seen in `from` may be seen in `to` next (staying put is always allowed). */
export function canPilotStatusChange(from: PilotStatus, to: PilotStatus): boolean {
  return from === to || PILOT_STATUS_TRANSITIONS[from].includes(to);
}

export function isPilotStatus(value: unknown): value is PilotStatus {
  return typeof value === 'string' && (PILOT_STATUSES as readonly string[]).includes(value);
}
