import type { TaskQueueDefinition } from '@majorana/domain';

/** DIRAC's minor status of a job that waits for a pilot. */
export const AWAITING_PILOT = 'Pilot Agent Submission';

/**
 * The minor status of a Waiting job: why it may wait longer than usual. A job that no *current*
 * site can take stays Waiting (sites and CEs come and go) with a status that says so.
 */
export function schedulingMinorStatus(
  definition: TaskQueueDefinition,
  bannedSites: ReadonlySet<string>,
  knownSites: ReadonlySet<string>,
): string {
  const allowed = definition.sites.filter((site) => !definition.bannedSites.includes(site));
  if (definition.sites.length > 0 && allowed.length === 0) {
    return 'Every site in Site is also in BannedSites';
  }
  if (allowed.length > 0) {
    const unknown = allowed.filter((site) => !knownSites.has(site));
    if (unknown.length === allowed.length) {
      return `Waiting for a computing element at ${list(unknown)}: no such site is known yet`;
    }
    const usable = allowed.filter((site) => knownSites.has(site) && !bannedSites.has(site));
    if (usable.length === 0) {
      return `Site banned: ${list(allowed.filter((site) => bannedSites.has(site)))}`;
    }
  }
  return AWAITING_PILOT;
}

function list(sites: readonly string[]): string {
  return sites.length <= 3 ? sites.join(', ') : `${sites.slice(0, 3).join(', ')} and ${sites.length - 3} more`;
}
