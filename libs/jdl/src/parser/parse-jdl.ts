import type { AttributeNode, ClassAdExpr, Expr, JdlDocument } from '../ast/classad-ast.js';
import { JdlError, JdlErrorCode } from '../errors/jdl.error.js';
import { checkNesting } from './check-nesting.js';
import { describeFound, syntaxErrorReason, type PeggyExpectation } from './syntax-error-reason.js';
import { parse as peggyParse, SyntaxError as PeggySyntaxError } from './jdl-parser.generated.js';

export interface ParseOptions {
  /** What messages call the input. @default '<input>' */
  readonly fileName?: string;
  /** Longest text accepted, in characters; JDLs are a few kB, so more is a mistake or an attack. @default 1048576 */
  readonly maxLength?: number;
  /** Deepest nesting of ( [ { accepted. @default 64 */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_JDL_LENGTH = 1024 * 1024;
export const DEFAULT_MAX_JDL_DEPTH = 64;

/** What the grammar raises when a complete value is followed by more text instead of ; (see jdl.peggy). */
const MISSING_SEPARATOR = 'missing-separator';

interface PeggyError {
  readonly message: string;
  readonly expected: readonly PeggyExpectation[] | null;
  readonly found: string | null;
  readonly location: { readonly start: { readonly offset: number } };
}

/**
 * Parses a JDL file: one ClassAd, with or without the enclosing `[ ]`. Throws a {@link JdlError}
 * (never anything else) when the text is not valid JDL or holds the same attribute twice.
 */
export function parseJdl(source: string, options: ParseOptions = {}): JdlDocument {
  const fileName = options.fileName ?? '<input>';
  const ad = runParser(source, fileName, 'Document', options) as ClassAdExpr;
  checkDuplicateAttributes(ad, source, fileName);
  return { ad, source, fileName };
}

/** Parses a lone ClassAd expression such as a `Requirements` value given on a command line. */
export function parseExpression(source: string, options: ParseOptions = {}): Expr {
  const fileName = options.fileName ?? '<expression>';
  const expr = runParser(source, fileName, 'ExpressionDocument', options) as Expr;
  forEachClassAd(expr, (ad) => checkDuplicateAttributes(ad, source, fileName));
  return expr;
}

function runParser(source: string, fileName: string, startRule: string, options: ParseOptions): unknown {
  const maxLength = options.maxLength ?? DEFAULT_MAX_JDL_LENGTH;
  if (source.length > maxLength) {
    throw new JdlError({
      code: JdlErrorCode.TooLarge,
      reason: `the JDL is ${source.length} characters long, more than the limit of ${maxLength}: split the work into several jobs or use a parametric job`,
      source,
      fileName,
      offset: maxLength,
    });
  }
  checkNesting(source, fileName, options.maxDepth ?? DEFAULT_MAX_JDL_DEPTH);
  try {
    return peggyParse(source, { startRule, grammarSource: fileName });
  } catch (error) {
    throw toJdlError(error, source, fileName);
  }
}

function toJdlError(error: unknown, source: string, fileName: string): JdlError {
  if (error instanceof PeggySyntaxError) {
    const peggyError = error as unknown as PeggyError;
    const offset = peggyError.location.start.offset;
    let reason = peggyError.message; // from the grammar's own error() calls: already phrased for users
    if (peggyError.expected) {
      reason = syntaxErrorReason(peggyError.expected, source, offset);
    } else if (reason === MISSING_SEPARATOR) {
      reason = `missing ";" before ${describeFound(source, offset)}: attributes are separated by ;`;
    }
    return new JdlError({ code: JdlErrorCode.Syntax, reason, source, fileName, offset });
  }
  if (error instanceof RangeError) {
    // The stack ran out: operators such as `!!!!…` nest without brackets, so checkNesting cannot see them.
    return new JdlError({
      code: JdlErrorCode.TooLarge,
      reason: 'the expression is nested too deeply to parse: simplify it',
      source,
      fileName,
      offset: 0,
    });
  }
  throw error;
}

function checkDuplicateAttributes(root: ClassAdExpr, source: string, fileName: string): void {
  forEachClassAd(root, (ad) => {
    const seen = new Map<string, AttributeNode>();
    for (const attribute of ad.attributes) {
      const key = attribute.name.toLowerCase();
      const first = seen.get(key);
      if (first) {
        const firstLine = lineOf(source, first.nameLoc.start);
        throw new JdlError({
          code: JdlErrorCode.DuplicateAttribute,
          reason: `${attribute.name} is defined twice (first at line ${firstLine}); names ignore case, so keep one definition`,
          source,
          fileName,
          offset: attribute.nameLoc.start,
        });
      }
      seen.set(key, attribute);
    }
  });
}

function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) {
    line++;
  }
  return line;
}

/** Calls `visit` for `expr` and every ClassAd nested in it, outermost first. */
export function forEachClassAd(expr: Expr, visit: (ad: ClassAdExpr) => void): void {
  switch (expr.kind) {
    case 'classad':
      visit(expr);
      for (const attribute of expr.attributes) {
        forEachClassAd(attribute.value, visit);
      }
      return;
    case 'list':
      for (const item of expr.items) {
        forEachClassAd(item, visit);
      }
      return;
    case 'select':
      forEachClassAd(expr.base, visit);
      return;
    case 'index':
      forEachClassAd(expr.base, visit);
      forEachClassAd(expr.index, visit);
      return;
    case 'unary':
      forEachClassAd(expr.operand, visit);
      return;
    case 'binary':
      forEachClassAd(expr.left, visit);
      forEachClassAd(expr.right, visit);
      return;
    case 'conditional':
      forEachClassAd(expr.condition, visit);
      if (expr.then) {
        forEachClassAd(expr.then, visit);
      }
      forEachClassAd(expr.otherwise, visit);
      return;
    case 'call':
      for (const arg of expr.args) {
        forEachClassAd(arg, visit);
      }
      return;
    case 'literal':
    case 'ref':
      return;
  }
}
