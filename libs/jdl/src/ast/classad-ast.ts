/**
 * The syntax tree of a JDL document / ClassAd expression, as produced by the parser.
 *
 * Every node carries `loc`, the half-open range of source offsets it was parsed from; line and
 * column are derived from the source only when an error is reported (see `source-position.ts`),
 * which keeps parsing cheap. Nodes made by the program (parametric substitution, evaluation)
 * copy the `loc` of the node they replace so errors still point at the user's text.
 *
 * Invariants the printer and the parser keep for each other (parse(print(ad)) deep-equals ad,
 * ignoring `loc`):
 * - numeric literals are finite and non-negative (a minus sign is a `unary` node), integers exact
 *   (at most Number.MAX_SAFE_INTEGER: the parser refuses larger ones rather than lose digits);
 * - `ref.scope` is lower-case; attribute names keep the user's spelling;
 * - parentheses are not nodes: the printer adds them where precedence needs them.
 */

export interface SourceRange {
  /** Offset of the first character (UTF-16 code units, as JavaScript strings count). */
  readonly start: number;
  /** Offset one past the last character. */
  readonly end: number;
}

export type LiteralExpr =
  | { readonly kind: 'literal'; readonly type: 'integer'; readonly value: number; readonly loc: SourceRange }
  | { readonly kind: 'literal'; readonly type: 'real'; readonly value: number; readonly loc: SourceRange }
  | { readonly kind: 'literal'; readonly type: 'string'; readonly value: string; readonly loc: SourceRange }
  | { readonly kind: 'literal'; readonly type: 'boolean'; readonly value: boolean; readonly loc: SourceRange }
  | { readonly kind: 'literal'; readonly type: 'undefined'; readonly loc: SourceRange }
  | { readonly kind: 'literal'; readonly type: 'error'; readonly loc: SourceRange };

export interface ListExpr {
  readonly kind: 'list';
  readonly items: readonly Expr[];
  readonly loc: SourceRange;
}

export interface AttributeNode {
  /** The name as the user spelled it; lookups compare names case-insensitively. */
  readonly name: string;
  readonly value: Expr;
  /** Range of the name alone (errors about the attribute point here). */
  readonly nameLoc: SourceRange;
  readonly loc: SourceRange;
}

export interface ClassAdExpr {
  readonly kind: 'classad';
  readonly attributes: readonly AttributeNode[];
  readonly loc: SourceRange;
}

/** Scopes a reference may name: `my.x`, `other.x` / `target.x` (the other ad of a match), `.x` (root). */
export type RefScope = 'my' | 'other' | 'target' | 'root';

export interface RefExpr {
  readonly kind: 'ref';
  /** `null` for an unscoped name: looked up in the enclosing ads, then in the other ad of a match. */
  readonly scope: RefScope | null;
  readonly name: string;
  readonly loc: SourceRange;
}

/** `base.name`: an attribute of the ClassAd that `base` evaluates to. */
export interface SelectExpr {
  readonly kind: 'select';
  readonly base: Expr;
  readonly name: string;
  readonly loc: SourceRange;
}

/** `base[index]`: a list element (integer index) or a ClassAd attribute (string index). */
export interface IndexExpr {
  readonly kind: 'index';
  readonly base: Expr;
  readonly index: Expr;
  readonly loc: SourceRange;
}

export type UnaryOperator = '-' | '+' | '!' | '~';

export interface UnaryExpr {
  readonly kind: 'unary';
  readonly op: UnaryOperator;
  readonly operand: Expr;
  readonly loc: SourceRange;
}

export type BinaryOperator =
  | '||'
  | '&&'
  | '|'
  | '^'
  | '&'
  | '=='
  | '!='
  | '=?='
  | '=!='
  | 'is'
  | 'isnt'
  | '<'
  | '<='
  | '>'
  | '>='
  | '<<'
  | '>>'
  | '>>>'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%';

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
  readonly loc: SourceRange;
}

/** `cond ? then : otherwise`; `then` is null for the "elvis" form `cond ?: otherwise`. */
export interface ConditionalExpr {
  readonly kind: 'conditional';
  readonly condition: Expr;
  readonly then: Expr | null;
  readonly otherwise: Expr;
  readonly loc: SourceRange;
}

export interface CallExpr {
  readonly kind: 'call';
  /** The function name as written; functions are looked up case-insensitively. */
  readonly name: string;
  readonly args: readonly Expr[];
  readonly loc: SourceRange;
}

export type Expr =
  LiteralExpr | ListExpr | ClassAdExpr | RefExpr | SelectExpr | IndexExpr | UnaryExpr | BinaryExpr | ConditionalExpr | CallExpr;

/** A parsed JDL file: its top-level ClassAd plus the text it came from (for messages and bare words). */
export interface JdlDocument {
  readonly ad: ClassAdExpr;
  readonly source: string;
  /** What error messages call the input: a path, or `<stdin>`. */
  readonly fileName: string;
}
