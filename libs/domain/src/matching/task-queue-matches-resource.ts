import { slotOffersTag } from '../task-queues/processor-tags.js';
import { explicitTags, type TaskQueueDefinition } from '../task-queues/task-queue-definition.js';
import { listNames } from '../text/list-names.js';
import type { ResourceDescription } from './resource-description.js';

export interface TaskQueueMatch {
  readonly matched: boolean;
  /** One sentence per failed condition, in a fixed order; empty when matched. */
  readonly reasons: string[];
}

type Condition = (definition: TaskQueueDefinition, resource: ResourceDescription, bannedSites: ReadonlySet<string>) => string | null;

// Site names compare exactly, as in DIRAC's configuration: LCG.CERN.cern and lcg.cern.cern are two sites.
const CONDITIONS: readonly Condition[] = [
  (_, r, banned) => (banned.has(r.site) ? `Site ${r.site} is banned in the site mask.` : null),
  (d, r) =>
    d.sites.length > 0 && !d.sites.includes(r.site)
      ? `The job may only run at ${listNames(d.sites, 'or')} (Site), not at ${r.site}.`
      : null,
  (d, r) => (d.bannedSites.includes(r.site) ? `The job bans site ${r.site} (BannedSites).` : null),
  (d, r) =>
    d.platforms.length > 0 && !d.platforms.some((platform) => r.platforms.includes(platform))
      ? `The job needs platform ${listNames(d.platforms, 'or')}; the resource offers ${r.platforms.length > 0 ? listNames(r.platforms) : 'no platform'}.`
      : null,
  (d, r) =>
    d.cpuTime > r.cpuTimeLeft
      ? `The job's CPU-time segment of ${d.cpuTime} HS06·s is more than the ${r.cpuTimeLeft} HS06·s the slot has left.`
      : null,
  (d, r) => (d.minProcessors > r.processors ? `The job needs at least ${d.minProcessors} processors; the slot has ${r.processors}.` : null),
  (d, r) => (d.wholeNode && !r.wholeNode ? 'The job asks for a whole node (WholeNode); the slot is not a whole node.' : null),
  (d, r) =>
    d.maxRAM !== null && r.ramMB !== null && d.maxRAM > r.ramMB
      ? `The job needs ${d.maxRAM} MB of memory (MaxRAM); the slot has ${r.ramMB} MB.`
      : null,
  (d, r) => {
    const missing = explicitTags(d).filter((tag) => !slotOffersTag(r, tag));
    return missing.length > 0 ? `The resource lacks the tag${plural(missing)} ${listNames(missing)} the job asks for.` : null;
  },
  (d, r) => {
    const missing = r.requiredTags.filter((tag) => !d.tags.includes(tag));
    return missing.length > 0
      ? `The resource only takes jobs tagged ${listNames(missing)} (RequiredTag); the job lacks ${missing.length > 1 ? 'them' : 'it'}.`
      : null;
  },
  (d, r) => (r.vo !== undefined && r.vo !== d.vo ? `The resource only takes jobs of VO ${r.vo}, not ${d.vo}.` : null),
  (d, r) => (r.owner !== undefined && r.owner !== d.owner ? `The resource only takes jobs of ${r.owner}, not ${d.owner}.` : null),
  (d, r) =>
    r.ownerGroup !== undefined && r.ownerGroup !== d.ownerGroup
      ? `The resource only takes jobs of group ${r.ownerGroup}, not ${d.ownerGroup}.`
      : null,
  (d, r) =>
    d.gridCEs.length > 0 && (r.ce === undefined || !d.gridCEs.includes(r.ce))
      ? `The job must run on ${listNames(d.gridCEs, 'or')} (GridCE), not on ${r.ce ?? 'a resource that names no computing element'}.`
      : null,
];

/**
 * Whether a pilot's slot can take jobs of this task queue — the cheap filter DIRAC's TaskQueueDB
 * applies before any job is looked at. Every failed condition is reported (not only the first), so
 * "why is my job not running?" can show them all at once.
 *
 * @param bannedSites the site mask: sites an administrator has switched off.
 */
export function taskQueueMatchesResource(
  definition: TaskQueueDefinition,
  resource: ResourceDescription,
  bannedSites: ReadonlySet<string>,
): TaskQueueMatch {
  const reasons = CONDITIONS.map((condition) => condition(definition, resource, bannedSites)).filter(
    (reason): reason is string => reason !== null,
  );
  return { matched: reasons.length === 0, reasons };
}

function plural(items: readonly unknown[]): string {
  return items.length > 1 ? 's' : '';
}
