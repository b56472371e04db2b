/**
 * The protocol allows 256 tags per message; memory tags stop at 200 GiB so a fat node still fits
 * (a job asking for more memory than that is matched by `memoryMiB`, not by tag).
 */
export const MAX_MEMORY_TAG_GIB = 200;

/**
 * The tags a pilot advertises, as DIRAC writes them: `<N>Processors` for what it offers and
 * `MultiProcessor` when that is more than one, and `<N>GB` for every whole GiB of memory up to what
 * it has, so a job tagged `4GB` (needing 4 GiB) matches any pilot with at least 4 GiB.
 */
export function resourceTags(processors: number, memoryMiB: number): string[] {
  const tags: string[] = [];
  if (processors >= 1) {
    tags.push(`${processors}Processors`);
  }
  if (processors > 1) {
    tags.push('MultiProcessor');
  }
  const gib = Math.min(Math.floor(memoryMiB / 1024), MAX_MEMORY_TAG_GIB);
  for (let n = 1; n <= gib; n += 1) {
    tags.push(`${n}GB`);
  }
  return tags;
}
