import { CliUsageError } from '../cli-io.js';

/**
 * Job IDs as people type them, DIRAC's way: `1,2 3` is three jobs; duplicates are dropped, order
 * kept. Anything that is not a positive whole number is refused, naming it.
 */
export function parseJobIds(args: readonly string[]): number[] {
  const ids: number[] = [];
  for (const word of args.flatMap((arg) => arg.split(/[\s,]+/)).filter((word) => word !== '')) {
    if (!/^\d+$/.test(word) || Number(word) <= 0 || !Number.isSafeInteger(Number(word))) {
      throw new CliUsageError(`"${word}" is not a job ID: give positive whole numbers, space- or comma-separated`);
    }
    ids.push(Number(word));
  }
  return [...new Set(ids)];
}

/** IDs from a file, one or more per line (as `-f` files that dirac-wms-job-submit writes); `#` comments allowed. */
export function jobIdsFromText(text: string): number[] {
  return parseJobIds(text.split('\n').map((line) => line.replace(/#.*/, '')));
}
