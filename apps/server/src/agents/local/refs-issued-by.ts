import { parsePilotRef, type ComputingElement } from '@majorana/ce';

/**
 * The refs among `refs` that `ce` issued (`<kind>://<name>/…`). The pilots table is shared by every
 * replica: a pilot elsewhere that names its CE like ours is not ours to ask about, cancel or abort.
 */
export function refsIssuedBy(ce: Pick<ComputingElement, 'kind' | 'name'>, refs: readonly string[]): string[] {
  return refs.filter((ref) => {
    const parts = parsePilotRef(ref);
    return parts !== null && parts.kind === ce.kind && parts.ce === ce.name;
  });
}
