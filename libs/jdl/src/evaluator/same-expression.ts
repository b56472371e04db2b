import type { Expr } from '../ast/classad-ast.js';
import { lookupAttribute } from './evaluation-scope.js';

/**
 * Whether two expressions are the same text up to layout: positions are ignored, names compare
 * without case (as ClassAd names do) and a ClassAd's attributes compare as a set. This is what
 * `is` means for two ClassAd values.
 *
 * Iterative, with an explicit work list: `1 + 1 + … + 1` parses into a tree as deep as it is long.
 */
export function sameExpression(first: Expr, second: Expr): boolean {
  const pending: Array<readonly [Expr, Expr]> = [[first, second]];
  for (let pair = pending.pop(); pair; pair = pending.pop()) {
    const children = sameNode(pair[0], pair[1]);
    if (!children) {
      return false;
    }
    pending.push(...children);
  }
  return true;
}

/** Compares two nodes without their children; returns the child pairs still to compare, or null. */
function sameNode(a: Expr, b: Expr): Array<readonly [Expr, Expr]> | null {
  if (a === b) {
    return [];
  }
  switch (a.kind) {
    case 'literal': {
      if (b.kind !== 'literal' || a.type !== b.type) {
        return null;
      }
      const same = !('value' in a) || ('value' in b && a.value === b.value);
      return same ? [] : null;
    }
    case 'list':
      return b.kind === 'list' ? pairs(a.items, b.items) : null;
    case 'classad': {
      if (b.kind !== 'classad' || a.attributes.length !== b.attributes.length) {
        return null;
      }
      const children: Array<readonly [Expr, Expr]> = [];
      for (const attribute of a.attributes) {
        const counterpart = lookupAttribute(b, attribute.name);
        if (!counterpart) {
          return null;
        }
        children.push([attribute.value, counterpart.value]);
      }
      return children;
    }
    case 'ref':
      return b.kind === 'ref' && a.scope === b.scope && sameName(a.name, b.name) ? [] : null;
    case 'select':
      return b.kind === 'select' && sameName(a.name, b.name) ? [[a.base, b.base]] : null;
    case 'index':
      return b.kind === 'index'
        ? [
            [a.base, b.base],
            [a.index, b.index],
          ]
        : null;
    case 'unary':
      return b.kind === 'unary' && a.op === b.op ? [[a.operand, b.operand]] : null;
    case 'binary':
      return b.kind === 'binary' && a.op === b.op
        ? [
            [a.left, b.left],
            [a.right, b.right],
          ]
        : null;
    case 'conditional': {
      if (b.kind !== 'conditional' || (a.then === null) !== (b.then === null)) {
        return null;
      }
      const children: Array<readonly [Expr, Expr]> = [
        [a.condition, b.condition],
        [a.otherwise, b.otherwise],
      ];
      if (a.then && b.then) {
        children.push([a.then, b.then]);
      }
      return children;
    }
    case 'call':
      return b.kind === 'call' && sameName(a.name, b.name) ? pairs(a.args, b.args) : null;
  }
}

function pairs(first: readonly Expr[], second: readonly Expr[]): Array<readonly [Expr, Expr]> | null {
  if (first.length !== second.length) {
    return null;
  }
  return first.map((item, i) => [item, second[i] ?? item] as const);
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
