import type { AttributeNode, ClassAdExpr, Expr, SourceRange } from '@majorana/jdl';
import type { ResourceDescription } from './resource-description.js';

// The ad is built by the program, not parsed: there is no user text for its nodes to point at.
const NO_SOURCE: SourceRange = { start: 0, end: 0 };

/**
 * The ClassAd a job's Requirements and Rank see as `other`: the slot's description under DIRAC's
 * attribute names, then every attribute of the resource's own ad (which win over ours of the same
 * name, and whose Requirements is the resource's side of the match).
 *
 * `Platform` is a string, the slot's native platform, so that `other.Platform == "EL9"` reads as
 * users expect; `Platforms` lists every platform the slot can run. `CPUTime` and `MaxCPUTime` are
 * both the CPU time the slot has left (DIRAC queues publish the second, pilots the first).
 * Attributes without a value (no CE, unknown memory) are left out, so they evaluate UNDEFINED.
 */
export function resourceClassAd(resource: ResourceDescription): ClassAdExpr {
  const described: [string, Expr | null][] = [
    ['Site', text(resource.site)],
    ['CE', resource.ce === undefined ? null : text(resource.ce)],
    ['Platform', resource.platforms[0] === undefined ? null : text(resource.platforms[0])],
    ['Platforms', list(resource.platforms)],
    ['CPUTime', integer(resource.cpuTimeLeft)],
    ['MaxCPUTime', integer(resource.cpuTimeLeft)],
    ['NumberOfProcessors', integer(resource.processors)],
    ['WholeNode', { kind: 'literal', type: 'boolean', value: resource.wholeNode, loc: NO_SOURCE }],
    ['MaxRAM', resource.ramMB === null ? null : integer(resource.ramMB)],
    ['Tags', list(resource.tags)],
  ];
  const own = resource.classAd?.attributes ?? [];
  const overridden = new Set(own.map((attribute) => attribute.name.toLowerCase()));
  const attributes: AttributeNode[] = [];
  for (const [name, value] of described) {
    if (value !== null && !overridden.has(name.toLowerCase())) {
      attributes.push({ name, value, nameLoc: NO_SOURCE, loc: NO_SOURCE });
    }
  }
  return { kind: 'classad', attributes: [...attributes, ...own], loc: resource.classAd?.loc ?? NO_SOURCE };
}

function text(value: string): Expr {
  return { kind: 'literal', type: 'string', value, loc: NO_SOURCE };
}

function integer(value: number): Expr {
  return { kind: 'literal', type: Number.isInteger(value) ? 'integer' : 'real', value, loc: NO_SOURCE };
}

function list(values: readonly string[]): Expr {
  return { kind: 'list', items: values.map(text), loc: NO_SOURCE };
}
