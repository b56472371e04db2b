import type { CeException } from '../errors/ce.exception.js';

/** What a driver expects of its saved pilot index. */
export interface PilotIndexExpectation<PilotRecord> {
  readonly version: number;
  /** As messages name the file: `pilot index`, `SSH pilot index`. */
  readonly kind: string;
  /** The fields naming the index's owner (the CE, and where its pilots run), with this driver's values. */
  readonly owner: Readonly<Record<string, string>>;
  /** How the owner reads in a message: `CE "a"`, `CE "a" at "b"`. */
  describeOwner(owner: Readonly<Record<string, unknown>>): string;
  /** A well-formed entry of THIS CE (its ref names this CE). */
  isEntry(value: unknown): value is PilotRecord;
  /** The driver's own error for a file it cannot trust; `problem` completes "The … index PATH …". */
  unreadable(problem: string): CeException;
}

/**
 * The records of a saved pilot index, or the driver's `index-unreadable` error saying what is wrong:
 * not JSON, another version, another CE's (two CEs sharing a work directory would take over each
 * other's pilots), or a malformed entry. The three drivers keep the same document shape.
 */
export function parsePilotIndex<PilotRecord>(text: string, expected: PilotIndexExpectation<PilotRecord>): PilotRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw expected.unreadable('is not JSON');
  }
  if (!isPlainObject(parsed) || parsed['version'] !== expected.version || !Array.isArray(parsed['pilots'])) {
    throw expected.unreadable(`is not a version ${expected.version} ${expected.kind}`);
  }
  const document = parsed;
  if (Object.entries(expected.owner).some(([field, value]) => document[field] !== value)) {
    throw expected.unreadable(
      `belongs to ${expected.describeOwner(document)}, not ${expected.describeOwner(expected.owner)}; give each CE its own work directory`,
    );
  }
  return (document['pilots'] as unknown[]).map((entry, i) => {
    if (!expected.isEntry(entry)) {
      throw expected.unreadable(`has a malformed entry pilots[${i}]`);
    }
    return entry;
  });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
