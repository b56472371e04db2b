import type { Site } from '@majorana/client';
import { formatTable, shortTime } from '../../common/format-table.js';

/** The site mask: Site, Status, Reason, ChangedBy, Changed, sorted by site. */
export function formatSiteMask(sites: readonly Site[]): string {
  if (sites.length === 0) {
    return '(no site has been banned or allowed yet: every site is Active)\n';
  }
  return formatTable(
    ['Site', 'Status', 'Reason', 'ChangedBy', 'Changed'],
    [...sites]
      .sort((a, b) => a.site.localeCompare(b.site))
      .map((site) => [site.site, site.status, site.reason || '-', site.changedBy, shortTime(site.changedAt)]),
  );
}
