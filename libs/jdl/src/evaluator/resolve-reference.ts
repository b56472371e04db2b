import type { AttributeNode, RefExpr } from '../ast/classad-ast.js';
import { lookupAttribute, partnerFrame, rootFrame, type AdFrame, type EvaluationScope } from './evaluation-scope.js';

/** An attribute found by a name lookup, and the scope its expression must be evaluated in. */
export interface AttributeLocation {
  readonly attribute: AttributeNode;
  readonly scope: EvaluationScope;
}

/**
 * Where a reference leads; null when nothing answers (the reference is UNDEFINED).
 *
 * Unscoped names are looked up in the anyMatch element if any, then in the ad the expression lives
 * in and the ads around it, then in the other ad of the match: the old ClassAd rule, which gLite
 * and DIRAC JDLs rely on (`Requirements = Memory > 1024` meaning the machine's Memory).
 * `my.x` and `.x` name the top-level ad; `other.x` and `target.x` the other ad. An attribute of the
 * other ad or of an anyMatch element is evaluated in that ad's own scope, so there `my` and `other`
 * are swapped, as in HTCondor.
 */
export function resolveReference(ref: RefExpr, scope: EvaluationScope): AttributeLocation | null {
  switch (ref.scope) {
    case 'my':
    case 'root':
      return attributeOf(rootFrame(scope.frame), ref.name, scope.target);
    case 'other':
    case 'target': {
      const other = scope.target ?? partnerFrame(scope.frame);
      return other ? attributeOf(other, ref.name, null) : null;
    }
    case null:
      break;
  }
  const inTarget = scope.target ? attributeOf(scope.target, ref.name, null) : null;
  if (inTarget) {
    return inTarget;
  }
  for (let frame: AdFrame | null = scope.frame; frame; frame = frame.parent) {
    const found = attributeOf(frame, ref.name, scope.target);
    if (found) {
      return found;
    }
  }
  const partner = partnerFrame(scope.frame);
  return partner ? attributeOf(partner, ref.name, null) : null;
}

/** The attribute `name` of the frame's own ad (not of the ads around it), evaluated in that frame. */
export function attributeOf(frame: AdFrame, name: string, target: AdFrame | null): AttributeLocation | null {
  const attribute = lookupAttribute(frame.ad, name);
  return attribute ? { attribute, scope: { frame, target } } : null;
}
