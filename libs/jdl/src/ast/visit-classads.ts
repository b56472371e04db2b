import type { ClassAdExpr, Expr } from './classad-ast.js';

/** Children of a node, in source order. */
export function childrenOf(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case 'classad':
      return expr.attributes.map((attribute) => attribute.value);
    case 'list':
      return expr.items;
    case 'select':
      return [expr.base];
    case 'index':
      return [expr.base, expr.index];
    case 'unary':
      return [expr.operand];
    case 'binary':
      return [expr.left, expr.right];
    case 'conditional':
      return expr.then ? [expr.condition, expr.then, expr.otherwise] : [expr.condition, expr.otherwise];
    case 'call':
      return expr.args;
    case 'literal':
    case 'ref':
      return [];
  }
}

/**
 * Visits every ClassAd in `expr` (outermost first) and returns the depth of the deepest node.
 * Iterative on purpose: a chain such as `1 + 1 + … + 1` makes a tree thousands of levels deep,
 * which must be measured (and refused) without exhausting the stack.
 */
export function visitClassAds(expr: Expr, visit: (ad: ClassAdExpr) => void): number {
  let deepest = 0;
  const stack: { node: Expr; depth: number }[] = [{ node: expr, depth: 1 }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { node, depth } = entry;
    deepest = Math.max(deepest, depth);
    if (node.kind === 'classad') {
      visit(node);
    }
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) {
        stack.push({ node: child, depth: depth + 1 });
      }
    }
  }
  return deepest;
}
