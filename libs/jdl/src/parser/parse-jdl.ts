import type { ClassAdExpr, Expr, JdlDocument } from '../ast/classad-ast.js';
import { visitClassAds } from '../ast/visit-classads.js';
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
/**
 * Deepest syntax tree accepted. Operator chains (`a || b || …`) deepen the tree without brackets;
 * the evaluator and printer recurse over it, so its depth is bounded here, far above real JDLs.
 */
export const MAX_TREE_DEPTH = 1000;

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
  checkTree(ad, source, fileName);
  return { ad, source, fileName };
}

/** Parses a lone ClassAd expression such as a `Requirements` value given on a command line. */
export function parseExpression(source: string, options: ParseOptions = {}): Expr {
  const fileName = options.fileName ?? '<expression>';
  const expr = runParser(source, fileName, 'ExpressionDocument', options) as Expr;
  checkTree(expr, source, fileName);
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

/** Refuses duplicate attributes (at the later one) and trees too deep for the code that walks them. */
function checkTree(root: Expr, source: string, fileName: string): void {
  const depth = visitClassAds(root, (ad) => {
    // A linear scan beats a Map for the few dozen attributes a JDL has (this runs on every parse).
    const seen: string[] = [];
    for (const attribute of ad.attributes) {
      const key = attribute.name.toLowerCase();
      const index = seen.indexOf(key);
      const first = index === -1 ? undefined : ad.attributes[index];
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
      seen.push(key);
    }
  });
  if (depth > MAX_TREE_DEPTH) {
    throw new JdlError({
      code: JdlErrorCode.TooLarge,
      reason: `the expression is ${depth} levels deep, more than the limit of ${MAX_TREE_DEPTH}: split it or use a list with member()`,
      source,
      fileName,
      offset: root.loc.start,
    });
  }
}

function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) {
    line++;
  }
  return line;
}
