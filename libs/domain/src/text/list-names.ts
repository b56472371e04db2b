/**
 * Names as an English list for messages: `A`, `A and B`, `A, B and C`; past `limit` names the rest
 * are counted (`A, B, C and 7 more`) so a message about a grid of hundreds of sites stays one line.
 */
export function listNames(names: readonly string[], conjunction: 'and' | 'or' = 'and', limit = 10): string {
  const shown = names.slice(0, limit);
  const hidden = names.length - shown.length;
  const parts = hidden > 0 ? [...shown, `${hidden} more`] : shown;
  const last = parts.at(-1);
  if (parts.length <= 1 || last === undefined) {
    return last ?? '';
  }
  return `${parts.slice(0, -1).join(', ')} ${conjunction} ${last}`;
}
