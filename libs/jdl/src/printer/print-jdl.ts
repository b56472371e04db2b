import type { ClassAdExpr, Expr, ListExpr } from '../ast/classad-ast.js';
import { printAttributeName } from './print-attribute-name.js';
import { printExpression } from './print-expression.js';

// This file is the printer's entry point (the package index and the job module import from here).
export { printExpression };

export interface PrintJdlOptions {
  /** One level of indentation. @default '    ' (four spaces, as DIRAC's `asJDL()`) */
  readonly indent?: string;
}

/** Longest line on which a list is still printed inline. */
const MAX_INLINE_LIST_LINE = 100;

interface Layout {
  readonly indent: string;
}

/**
 * The canonical JDL text of a whole ClassAd: what the server stores and shows to users.
 *
 *     [
 *         Executable = "run.sh";
 *         InputSandbox = { "run.sh", "input.txt" };
 *         Requirements = other.NumberOfProcessors >= 4 && member("x", other.Tags);
 *         JobRequirements = [
 *             CPUTime = 17800;
 *         ];
 *     ]
 *
 * One `Name = value;` line per attribute, in the ad's order and with the name as the user spelled
 * it (quoted only when it must be). Lists stay on one line when they are flat (no list or ClassAd
 * items) and the line fits in 100 characters; otherwise one item per line. Nested ClassAds are laid
 * out like the top level. Other expressions print on one line, as {@link printExpression} does.
 * Like DIRAC's `asJDL()`, but DIRAC sorts attributes and writes values as it stored them; this
 * keeps the user's order and always quotes strings, so the text parses back to the same tree.
 * Ends with a newline.
 */
export function printJdl(ad: ClassAdExpr, options: PrintJdlOptions = {}): string {
  return `${printClassAdBlock(ad, 0, { indent: options.indent ?? '    ' })}\n`;
}

/**
 * `expr` as the value of an attribute or a list item at nesting `depth`; `before` and `after` are
 * the widths of what shares its line (the indentation and `Name = `; the `;` or `,`).
 */
function printValue(expr: Expr, depth: number, layout: Layout, before: number, after: number): string {
  switch (expr.kind) {
    case 'classad':
      return printClassAdBlock(expr, depth, layout);
    case 'list':
      return printListBlock(expr, depth, layout, before, after);
    default:
      return printExpression(expr);
  }
}

function printClassAdBlock(ad: ClassAdExpr, depth: number, layout: Layout): string {
  if (ad.attributes.length === 0) {
    return '[]';
  }
  const inner = layout.indent.repeat(depth + 1);
  const lines = ad.attributes.map((attribute) => {
    const head = `${inner}${printAttributeName(attribute.name)} = `;
    return `${head}${printValue(attribute.value, depth + 1, layout, head.length, 1)};`;
  });
  return `[\n${lines.join('\n')}\n${layout.indent.repeat(depth)}]`;
}

function printListBlock(list: ListExpr, depth: number, layout: Layout, before: number, after: number): string {
  if (list.items.length === 0) {
    return '{}';
  }
  if (list.items.every((item) => item.kind !== 'list' && item.kind !== 'classad')) {
    const inline = printExpression(list);
    if (before + inline.length + after <= MAX_INLINE_LIST_LINE) {
      return inline;
    }
  }
  const inner = layout.indent.repeat(depth + 1);
  const last = list.items.length - 1;
  const lines = list.items.map((item, i) => {
    const separator = i === last ? '' : ',';
    return `${inner}${printValue(item, depth + 1, layout, inner.length, separator.length)}${separator}`;
  });
  return `{\n${lines.join('\n')}\n${layout.indent.repeat(depth)}}`;
}
