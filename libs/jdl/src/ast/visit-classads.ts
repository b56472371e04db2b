import type { ClassAdExpr, Expr } from './classad-ast.js';

/**
 * Visits every ClassAd in `expr` (outermost first) and returns the depth of the deepest node.
 * Iterative on purpose: a chain such as `1 + 1 + … + 1` makes a tree thousands of levels deep,
 * which must be measured (and refused) without exhausting the stack. It runs on every parse, so
 * it pushes children straight onto two parallel stacks instead of allocating per node.
 */
export function visitClassAds(expr: Expr, visit: (ad: ClassAdExpr) => void): number {
  let deepest = 0;
  const nodes: Expr[] = [expr];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop() as Expr;
    const depth = depths.pop() as number;
    if (depth > deepest) {
      deepest = depth;
    }
    const push = (child: Expr): void => {
      nodes.push(child);
      depths.push(depth + 1);
    };
    switch (node.kind) {
      case 'classad':
        visit(node);
        for (const attribute of node.attributes) {
          push(attribute.value);
        }
        break;
      case 'list':
        node.items.forEach(push);
        break;
      case 'select':
        push(node.base);
        break;
      case 'index':
        push(node.base);
        push(node.index);
        break;
      case 'unary':
        push(node.operand);
        break;
      case 'binary':
        push(node.left);
        push(node.right);
        break;
      case 'conditional':
        push(node.condition);
        if (node.then) {
          push(node.then);
        }
        push(node.otherwise);
        break;
      case 'call':
        node.args.forEach(push);
        break;
      case 'literal':
      case 'ref':
        break;
    }
  }
  return deepest;
}
