import type { AttributeNode, ClassAdExpr, Expr } from './classad-ast.js';

/** The attribute called `name` (case-insensitively, as ClassAds compare names), if the ad has one. */
export function findAttribute(ad: ClassAdExpr, name: string): AttributeNode | undefined {
  const wanted = name.toLowerCase();
  return ad.attributes.find((attribute) => attribute.name.toLowerCase() === wanted);
}

/**
 * The text a value stands for when DIRAC would read it as a word: a string's contents, a number's
 * digits, a list as `{a,b}` (DIRAC's own spacing when it substitutes a list into text), and any
 * other expression as the user wrote it (`std.err`, `my-file.txt`, `dteam`).
 */
export function wordText(expr: Expr, source: string): string {
  if (expr.kind === 'literal') {
    switch (expr.type) {
      case 'string':
        return expr.value;
      case 'integer':
      case 'real':
      case 'boolean':
        return String(expr.value);
      case 'undefined':
      case 'error':
        return expr.type;
    }
  }
  if (expr.kind === 'list') {
    return `{${expr.items.map((item) => wordText(item, source)).join(',')}}`;
  }
  return source.slice(expr.loc.start, expr.loc.end).trim();
}

/** True for a string the user wrote without quotes (a DIRAC bare word), judged from its source text. */
export function isBareWord(expr: Expr, source: string): boolean {
  return expr.kind === 'literal' && expr.type === 'string' && source.charCodeAt(expr.loc.start) !== 34; /* " */
}
