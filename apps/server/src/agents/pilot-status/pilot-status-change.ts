import type { PilotStatus as CePilotStatus } from '@majorana/ce';
import type { PilotRecord } from '@majorana/db';

/** What the pilots table should say of a pilot after its CE answered. */
export type PilotStatusChange =
  | { readonly kind: 'none' }
  | { readonly kind: 'waiting' }
  | { readonly kind: 'ended'; readonly status: 'Done' | 'Failed' | 'Aborted'; readonly reason: string };

/**
 * The table's view of one pilot, given what its CE reports (pure: the pilot status agent applies it):
 *
 * | CE says                    | table has              | becomes                                        |
 * |----------------------------|------------------------|------------------------------------------------|
 * | Waiting                    | Submitted              | Waiting                                        |
 * | Done / Failed / Aborted    | not ended              | that status ("the CE reports it …")            |
 * | Unknown                    | silent ≥ `abortAfterMs` | Aborted ("lost: …")                           |
 * | anything else              | —                      | unchanged (the WebSocket says when it runs)    |
 *
 * A pilot that said goodbye was already ended by the gateway; `ended` keeps the first ending.
 */
export function pilotStatusChange(
  pilot: Pick<PilotRecord, 'status' | 'lastContact'>,
  reported: CePilotStatus,
  now: number,
  abortAfterMs: number,
): PilotStatusChange {
  switch (reported) {
    case 'Waiting':
      return pilot.status === 'Submitted' ? { kind: 'waiting' } : { kind: 'none' };
    case 'Done':
    case 'Failed':
    case 'Aborted':
      return { kind: 'ended', status: reported, reason: `its CE reports it ${reported}` };
    case 'Unknown': {
      const silentMs = now - pilot.lastContact;
      return silentMs >= abortAfterMs
        ? { kind: 'ended', status: 'Aborted', reason: `lost: unknown to its CE and silent for ${Math.floor(silentMs / 1000)} s` }
        : { kind: 'none' };
    }
    case 'Submitted':
    case 'Running':
      return { kind: 'none' };
  }
}
