/** The `code` of a Node system error (`ENOENT`, `ESRCH`…), or undefined for anything else. */
export function errnoCode(error: unknown): string | undefined {
  // Not `instanceof Error`: errors made by Node's own modules can come from another realm (Jest's VM
  // contexts), where that check fails.
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
