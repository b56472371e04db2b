import type { Pilot } from '@majorana/client';
import { formatTable, shortTime } from '../../common/format-table.js';

/** Pilots: reference, status, CE, site, jobs run, last contact, why it ended. */
export function formatPilots(pilots: readonly Pilot[]): string {
  return formatTable(
    ['PilotRef', 'Status', 'CE', 'Site', 'Jobs', 'LastContact', 'EndReason'],
    pilots.map((pilot) => [
      pilot.pilotRef,
      pilot.status,
      pilot.ce,
      pilot.site,
      String(pilot.jobsRun),
      shortTime(pilot.lastContact),
      pilot.endReason || '-',
    ]),
  );
}
