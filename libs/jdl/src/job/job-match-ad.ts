import type { AttributeNode, ClassAdExpr, Expr, SourceRange } from '../ast/classad-ast.js';
import { findAttribute } from '../ast/classad-lookup.js';
import type { DescribedJob } from './describe-jobs.js';
import { JOB_ATTRIBUTES, JOB_ATTRIBUTES_BY_NAME, SERVER_SET_ATTRIBUTES } from './job-attributes.js';

/**
 * The ClassAd a resource sees when it matches this job: every interpreted attribute with its typed
 * value and default (so a queue's `other.CPUTime <= 100000` sees the default 86400 when the JDL is
 * silent, and `other.StdError` is "std.err", not an expression), the job's Requirements and Rank,
 * and the user's own attributes as written.
 */
export function jobMatchAd(job: DescribedJob): ClassAdExpr {
  const { document, description } = job;
  const attributes: AttributeNode[] = [];
  for (const attribute of JOB_ATTRIBUTES) {
    const value = description[attribute.property];
    const original = findAttribute(document.ad, attribute.name);
    const loc = original?.value.loc ?? document.ad.loc;
    const expr = attribute.kind === 'expression' ? (value as Expr | null) : toLiteral(value, loc);
    if (expr) {
      attributes.push({ name: attribute.name, value: expr, nameLoc: original?.nameLoc ?? loc, loc: original?.loc ?? loc });
    }
  }
  for (const attribute of document.ad.attributes) {
    const key = attribute.name.toLowerCase();
    if (!JOB_ATTRIBUTES_BY_NAME.has(key) && !SERVER_SET_ATTRIBUTES.has(key)) {
      attributes.push(attribute);
    }
  }
  return { kind: 'classad', attributes, loc: document.ad.loc };
}

function toLiteral(value: unknown, loc: SourceRange): Expr | null {
  if (typeof value === 'string') {
    return { kind: 'literal', type: 'string', value, loc };
  }
  if (typeof value === 'number') {
    return { kind: 'literal', type: Number.isInteger(value) ? 'integer' : 'real', value, loc };
  }
  if (typeof value === 'boolean') {
    return { kind: 'literal', type: 'boolean', value, loc };
  }
  if (Array.isArray(value)) {
    return { kind: 'list', items: value.map((item) => toLiteral(item, loc)).filter((item): item is Expr => item !== null), loc };
  }
  return null;
}
