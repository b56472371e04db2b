import type { AttributeNode, ClassAdExpr } from '../ast/classad-ast.js';

/**
 * One ClassAd on the chain an unscoped name is looked up along: the ad an expression lives in,
 * then the ads it is nested in. Frames are made on demand and never mutated.
 */
export interface AdFrame {
  readonly ad: ClassAdExpr;
  /** The ad this one is nested in; null for a top-level ad. */
  readonly parent: AdFrame | null;
  /**
   * Top-level frames only: the ad on the other side of a match (what `other.`/`target.` name).
   * Stored as the bare ad, not a frame, so the two sides of a match never point at each other;
   * {@link partnerFrame} builds the swapped frame when it is needed.
   */
  readonly partner: ClassAdExpr | null;
}

/** Where an expression is evaluated. */
export interface EvaluationScope {
  readonly frame: AdFrame;
  /**
   * Set inside anyMatch/allMatch/whichMatch: the list element being tested, which answers
   * unscoped names first and stands in for `other.`/`target.` (gLite's gang-matching functions).
   */
  readonly target: AdFrame | null;
}

/** What a free expression with no `my` ad lives in: it has no attributes of its own. */
export const EMPTY_AD: ClassAdExpr = { kind: 'classad', attributes: [], loc: { start: 0, end: 0 } };

export function topFrame(ad: ClassAdExpr, partner: ClassAdExpr | null = null): AdFrame {
  return { ad, parent: null, partner };
}

export function nestedFrame(ad: ClassAdExpr, parent: AdFrame): AdFrame {
  return { ad, parent, partner: null };
}

/** The top-level ad of a chain: what `my.` and `.name` refer to. */
export function rootFrame(frame: AdFrame): AdFrame {
  let root = frame;
  while (root.parent) {
    root = root.parent;
  }
  return root;
}

/**
 * The other side of the match, seen from its own point of view: in its frame `my` is the other ad
 * and `other` is ours, which is how HTCondor evaluates an attribute that lives in the other ad.
 */
export function partnerFrame(frame: AdFrame): AdFrame | null {
  const root = rootFrame(frame);
  return root.partner ? topFrame(root.partner, root.ad) : null;
}

// Names are compared case-insensitively; indexing each ad once keeps lookups O(1) during matching,
// where the same machine ad is consulted for every job. A WeakMap keeps this a pure memo.
const attributeIndex = new WeakMap<ClassAdExpr, ReadonlyMap<string, AttributeNode>>();

/** The attribute of `ad` called `name` (any case), or undefined. */
export function lookupAttribute(ad: ClassAdExpr, name: string): AttributeNode | undefined {
  let index = attributeIndex.get(ad);
  if (!index) {
    const byName = new Map<string, AttributeNode>();
    for (const attribute of ad.attributes) {
      const key = attribute.name.toLowerCase();
      // The parser rejects duplicates; for hand-built trees the first definition wins, as in a lookup.
      if (!byName.has(key)) {
        byName.set(key, attribute);
      }
    }
    index = byName;
    attributeIndex.set(ad, index);
  }
  return index.get(name.toLowerCase());
}
