import type { TaskQueueDefinition } from '../task-queues/task-queue-definition.js';
import { listNames } from '../text/list-names.js';
import type { ExplainCheck } from './explain-check.js';
import { uncheckable } from './uncheckable.js';

/**
 * The known sites the job may run at: those it names (or all, when it names none), without its own
 * BannedSites. The site mask is not applied here: it is a separate check, so that banning a site
 * changes exactly one line of the answer.
 */
export function allowedSites(definition: TaskQueueDefinition, knownSites: readonly string[]): string[] {
  const candidates = definition.sites.length > 0 ? definition.sites.filter((site) => knownSites.includes(site)) : knownSites;
  return candidates.filter((site) => !definition.bannedSites.includes(site));
}

export function sitesKnownCheck(definition: TaskQueueDefinition | null, knownSites: readonly string[]): ExplainCheck {
  const name = 'sites-known';
  if (definition === null) {
    return uncheckable(name, 'its sites');
  }
  if (definition.sites.length === 0) {
    return { name, passed: true, detail: 'The job may run at any site (it sets no Site).' };
  }
  const unknown = definition.sites.filter((site) => !knownSites.includes(site));
  if (unknown.length === 0) {
    return { name, passed: true, detail: `Every site the job asks for is known: ${listNames(definition.sites)}.` };
  }
  const known = knownSites.length > 0 ? `known sites: ${listNames(knownSites)}` : 'no site is configured';
  return {
    name,
    passed: false,
    detail: `The job asks for ${unknown.length > 1 ? 'sites' : 'a site'} this grid does not know: ${listNames(unknown)}; correct the Site attribute (${known}; names are case-sensitive).`,
  };
}

export function sitesNotBannedCheck(
  definition: TaskQueueDefinition | null,
  knownSites: readonly string[],
  bannedSites: ReadonlySet<string>,
): ExplainCheck {
  const name = 'sites-not-banned';
  if (definition === null) {
    return uncheckable(name, 'the site mask');
  }
  const allowed = allowedSites(definition, knownSites);
  if (allowed.length === 0) {
    return {
      name,
      passed: false,
      detail: 'Site and BannedSites leave the job no known site to run at; widen Site or shorten BannedSites.',
    };
  }
  const banned = allowed.filter((site) => bannedSites.has(site));
  if (banned.length === allowed.length) {
    return {
      name,
      passed: false,
      detail: `Every site the job may run at is banned in the site mask: ${listNames(banned)}; add other sites to Site, or wait for an administrator to allow ${banned.length > 1 ? 'them' : 'it'} again.`,
    };
  }
  const note = banned.length > 0 ? ` (banned in the site mask: ${listNames(banned)})` : '';
  return { name, passed: true, detail: `${allowed.length - banned.length} of ${allowed.length} sites the job may run at are open${note}.` };
}
