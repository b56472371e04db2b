/** The Site column DiracX shows before a match: the one site asked for, `Multiple` for several, `ANY` for none. */
export function siteColumn(sites: readonly string[]): string {
  if (sites.length === 0) {
    return 'ANY';
  }
  return sites.length === 1 ? (sites[0] ?? 'ANY') : 'Multiple';
}
