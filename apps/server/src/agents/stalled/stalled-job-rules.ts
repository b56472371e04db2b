import type { SilentJobRow, StalledJobRow } from '@majorana/db';

/** Minor status of a Running job declared Stalled, with how long it has been silent. */
export function silentMinorStatus(silentForS: number): string {
  return `Job stalled: no heartbeat for ${silentForS} s`;
}

/** Why a Stalled job is rescheduled (or Failed at MaxRescheduling): DIRAC's wording. */
export const PILOT_NOT_RUNNING = 'Job stalled: pilot not running';

/** Why a job matched long ago and never started is rescheduled (or Failed at MaxRescheduling). */
export const PILOT_NEVER_STARTED = 'Pilot never started the job';

/** When the job last showed a sign of life: a heartbeat, its start, or any state or minor-status change. */
export function lastSignOfLife(job: Pick<SilentJobRow, 'heartBeatTime' | 'startExecTime' | 'lastUpdateTime'>): number {
  return Math.max(job.lastUpdateTime, job.heartBeatTime ?? 0, job.startExecTime ?? 0);
}

/** Whole seconds since the job's last sign of life. */
export function silentForSeconds(job: Pick<SilentJobRow, 'heartBeatTime' | 'startExecTime' | 'lastUpdateTime'>, now: number): number {
  return Math.max(0, Math.floor((now - lastSignOfLife(job)) / 1000));
}

/**
 * Whether the pilot of a Stalled job's current attempt is gone for good, so the job can only run again
 * elsewhere: no pilot at all (no row, or an attempt from the HTTP matcher), a pilot that ended (Done,
 * Failed, Aborted), or one Disconnected for longer than `stalledAfterMs` (it had the time to reconnect
 * to any replica). A Running or just-Disconnected pilot may still resume the job (its heartbeat moves
 * it back to Running), so the job waits.
 */
export function pilotIsGone(job: Pick<StalledJobRow, 'pilotStatus' | 'pilotLastContact'>, now: number, stalledAfterMs: number): boolean {
  switch (job.pilotStatus) {
    case null:
    case 'Done':
    case 'Failed':
    case 'Aborted':
    case 'Deleted':
      return true;
    case 'Disconnected':
      return job.pilotLastContact === null || now - job.pilotLastContact > stalledAfterMs;
    case 'Submitted':
    case 'Waiting':
    case 'Running':
      return false;
  }
}
