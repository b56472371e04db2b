import type { ComputingElementKind } from './computing-element-kind.js';

/**
 * A pilot reference names one pilot across the whole grid: `<kind>://<ce>/<id>`, e.g.
 * `local://local.majorana/3f1c…` or `slurm://hpc01.example.org/123456`. The id is the driver's own
 * (a UUID for Local, the batch id for Slurm); the CE name makes refs from two CEs distinct, and the
 * kind lets anyone tell which driver to ask. DIRAC's PilotReference has the same role and shape.
 */
export interface PilotRefParts {
  readonly kind: string;
  readonly ce: string;
  readonly id: string;
}

/**
 * A CE name as refs and work directories can carry it: a host-like name (letters, digits, `.`, `_`,
 * `-`), 1–128 characters, not starting with a dot.
 */
export const CE_NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

const REF_PATTERN = /^([a-z][a-z0-9-]*):\/\/([^/]+)\/([^/]+)$/;

export function formatPilotRef(kind: ComputingElementKind, ce: string, id: string): string {
  return `${kind}://${ce}/${id}`;
}

/** The parts of a well-formed reference, or null for anything else. */
export function parsePilotRef(ref: string): PilotRefParts | null {
  const match = REF_PATTERN.exec(ref);
  if (match === null) {
    return null;
  }
  const [, kind = '', ce = '', id = ''] = match;
  return { kind, ce, id };
}
