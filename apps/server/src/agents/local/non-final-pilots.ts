import { FINAL_PILOT_STATUSES, PILOT_STATUSES, type PilotStatus } from '@majorana/db';

/** The pilots-table statuses of a pilot that has not ended: Submitted, Running, Disconnected. */
export const NON_FINAL_PILOT_STATUSES: readonly PilotStatus[] = PILOT_STATUSES.filter((status) => !FINAL_PILOT_STATUSES.includes(status));
