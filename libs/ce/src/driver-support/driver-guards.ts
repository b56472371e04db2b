import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { parsePilotRef } from '../pilot-ref.js';
import type { ComputingElementKind } from '../computing-element-kind.js';

/** What the checks every driver makes need to know about it: the messages name it as users see it. */
export interface DriverIdentity {
  readonly kind: ComputingElementKind;
  readonly name: string;
  /** `Local CE`, `SSH CE`, `Slurm CE`. */
  readonly label: string;
}

/** Refuses every call of a closed driver (the interface promises `closed`). */
export function requireOpen(driver: DriverIdentity, state: 'open' | 'closing' | 'closed'): void {
  if (state !== 'open') {
    throw new CeException(CeErrorCode.Closed, `The ${driver.label} ${driver.name} is closed; open a new one.`);
  }
}

/** Refuses, before anything is done, refs of another kind or another CE (the interface promises `unknown-pilot`). */
export function requireOwnPilotRefs(driver: DriverIdentity, pilotRefs: readonly string[]): void {
  const foreign = pilotRefs.filter((ref) => {
    const parts = parsePilotRef(ref);
    return parts?.kind !== driver.kind || parts.ce !== driver.name;
  });
  if (foreign.length > 0) {
    throw new CeException(CeErrorCode.UnknownPilot, `Not pilots of the ${driver.label} ${driver.name}: ${foreign.join(', ')}.`, {
      pilotRefs: foreign,
    });
  }
}

/** The driver's record of one of its pilots, or `unknown-pilot`. */
export function requireKnownPilot<PilotRecord>(
  driver: DriverIdentity,
  records: ReadonlyMap<string, PilotRecord>,
  pilotRef: string,
): PilotRecord {
  const record = records.get(pilotRef);
  if (record === undefined) {
    throw new CeException(
      CeErrorCode.UnknownPilot,
      `${pilotRef} is not a pilot of the ${driver.label} ${driver.name} (or it was cleaned up).`,
      {
        pilotRef,
      },
    );
  }
  return record;
}
