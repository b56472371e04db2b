import { describe, expect, it } from '@jest/globals';
import type { ClassAdExpr, RefExpr } from '../ast/classad-ast.js';
import { parseExpression, parseJdl } from '../parser/parse-jdl.js';
import { nestedFrame, topFrame, type EvaluationScope } from './evaluation-scope.js';
import { attributeOf, resolveReference } from './resolve-reference.js';

const ad = (text: string): ClassAdExpr => parseJdl(text).ad;
const ref = (text: string): RefExpr => {
  const expr = parseExpression(text);
  if (expr.kind !== 'ref') {
    throw new Error(`${text} is not a reference`);
  }
  return expr;
};

const job = ad('[ Owner = "alice"; Memory = 1; inner = [ x = 1 ] ]');
const machine = ad('[ Memory = 2048; Arch = "x86_64" ]');
const element = ad('[ Status = "unset"; Memory = 7 ]');

/** Which ad answered, by the name of a distinguishing attribute, and whose point of view it is evaluated from. */
function describeLocation(text: string, scope: EvaluationScope): string | null {
  const location = resolveReference(ref(text), scope);
  if (!location) {
    return null;
  }
  const owner = location.scope.frame.ad === job ? 'job' : location.scope.frame.ad === machine ? 'machine' : 'element';
  const partner = location.scope.frame.partner === job ? 'job' : location.scope.frame.partner === machine ? 'machine' : 'none';
  return `${location.attribute.name} in ${owner}, other=${partner}`;
}

describe(resolveReference.name, () => {
  const jobScope: EvaluationScope = { frame: topFrame(job, machine), target: null };

  it('looks unscoped names up in the ad itself first, then in the other ad seen from its own side', () => {
    expect(describeLocation('memory', jobScope)).toBe('Memory in job, other=machine');
    expect(describeLocation('Arch', jobScope)).toBe('Arch in machine, other=job');
    expect(describeLocation('Nothing', jobScope)).toBeNull();
  });

  it('walks out of nested ads before trying the other ad', () => {
    const inner = job.attributes[2]?.value;
    if (inner?.kind !== 'classad') {
      throw new Error('expected the nested ad');
    }
    const scope: EvaluationScope = { frame: nestedFrame(inner, topFrame(job, machine)), target: null };
    expect(resolveReference(ref('x'), scope)?.scope.frame.ad).toBe(inner);
    expect(describeLocation('Owner', scope)).toBe('Owner in job, other=machine');
    expect(describeLocation('my.Owner', scope)).toBe('Owner in job, other=machine');
    expect(describeLocation('Arch', scope)).toBe('Arch in machine, other=job');
  });

  it('sends other. and target. to the other ad, and my. to the top-level ad', () => {
    expect(describeLocation('other.Memory', jobScope)).toBe('Memory in machine, other=job');
    expect(describeLocation('TARGET.memory', jobScope)).toBe('Memory in machine, other=job');
    expect(describeLocation('my.Memory', jobScope)).toBe('Memory in job, other=machine');
    expect(describeLocation('other.Memory', { frame: topFrame(job), target: null })).toBeNull();
  });

  it('puts an anyMatch element first for unscoped names and in place of other.', () => {
    const scope: EvaluationScope = { frame: topFrame(job, machine), target: topFrame(element) };
    expect(describeLocation('Memory', scope)).toBe('Memory in element, other=none');
    expect(describeLocation('other.Memory', scope)).toBe('Memory in element, other=none');
    expect(describeLocation('Owner', scope)).toBe('Owner in job, other=machine');
    expect(describeLocation('my.Memory', scope)).toBe('Memory in job, other=machine');
  });
});

describe(attributeOf.name, () => {
  it('looks only at the frame`s own ad', () => {
    const inner = job.attributes[2]?.value;
    if (inner?.kind !== 'classad') {
      throw new Error('expected the nested ad');
    }
    expect(attributeOf(nestedFrame(inner, topFrame(job)), 'Owner', null)).toBeNull();
    expect(attributeOf(topFrame(job), 'OWNER', null)?.attribute.name).toBe('Owner');
  });
});
