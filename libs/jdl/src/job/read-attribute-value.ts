import type { ClassAdExpr, Expr, JdlDocument } from '../ast/classad-ast.js';
import { wordText } from '../ast/classad-lookup.js';
import { evaluateExpression } from '../evaluator/index.js';
import type { AttributeKind } from './job-attributes.js';
import type { JsonValue } from './job-description.js';

/**
 * Reads one JDL value as the JobDescription property of `kind` wants it. What cannot be read is
 * passed on as the user wrote it (text, or a list/object marker) so that validation quotes it
 * back: `CPUTime must be an integer between 100 and 500000, got "two hours"`.
 *
 * Strings follow DIRAC: a quoted string is its contents; anything else is the text as written,
 * so `StdError = std.err;` is "std.err" and not a reference to an attribute `std`.
 */
export function readAttributeValue(kind: Exclude<AttributeKind, 'expression'>, expr: Expr, doc: JdlDocument): unknown {
  switch (kind) {
    case 'string':
      return readString(expr, doc.source);
    case 'logLevel': {
      const text = readString(expr, doc.source);
      return typeof text === 'string' ? text.toUpperCase() : text;
    }
    case 'integer':
      return readInteger(expr, doc);
    case 'boolean':
      return readBoolean(expr, doc.source);
    case 'stringList':
      return readStringList(expr, doc.source);
    case 'siteList': {
      const sites = readStringList(expr, doc.source);
      // DIRAC: "ANY" (any case) or an empty name means no constraint.
      return Array.isArray(sites)
        ? sites.filter((site) => typeof site !== 'string' || (site !== '' && site.toUpperCase() !== 'ANY'))
        : sites;
    }
  }
}

function readString(expr: Expr, source: string): unknown {
  if (expr.kind === 'list') {
    return [];
  }
  if (expr.kind === 'classad') {
    return {};
  }
  return wordText(expr, source);
}

function readInteger(expr: Expr, doc: JdlDocument): unknown {
  if (expr.kind === 'literal') {
    switch (expr.type) {
      case 'integer':
      case 'real':
        return expr.value;
      case 'string': {
        // DIRAC writes numbers quoted ("21600") and reads them back as numbers.
        const text = expr.value.trim();
        return /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : expr.value;
      }
      default:
        return expr.type;
    }
  }
  if (expr.kind === 'list' || expr.kind === 'classad') {
    return expr.kind === 'list' ? [] : {};
  }
  // An expression such as 2 * 3600: evaluated in the job's own ad.
  const value = evaluateExpression(expr, { my: doc.ad });
  return value.type === 'integer' || value.type === 'real' ? value.value : wordText(expr, doc.source);
}

function readBoolean(expr: Expr, source: string): unknown {
  if (expr.kind === 'literal' && expr.type === 'boolean') {
    return expr.value;
  }
  const text = readString(expr, source);
  if (typeof text === 'string' && /^(true|false)$/i.test(text.trim())) {
    return text.trim().toLowerCase() === 'true';
  }
  return text;
}

function readStringList(expr: Expr, source: string): unknown {
  if (expr.kind !== 'list') {
    const text = readString(expr, source);
    // A lone string is a list of one (DIRAC's `InputSandbox = "job.sh";`); an empty one is an empty list.
    return typeof text === 'string' ? (text === '' ? [] : [text]) : text;
  }
  return expr.items.map((item) => (item.kind === 'list' ? [] : item.kind === 'classad' ? {} : wordText(item, source)));
}

/** An attribute Majorana does not interpret, as JSON: literals as values, anything else as written. */
export function toJsonValue(expr: Expr, source: string): JsonValue {
  switch (expr.kind) {
    case 'literal':
      switch (expr.type) {
        case 'undefined':
          return null;
        case 'error':
          return 'error';
        default:
          return expr.value;
      }
    case 'list':
      return expr.items.map((item) => toJsonValue(item, source));
    case 'classad':
      return classAdToJson(expr, source);
    case 'unary':
      // `RetryCount = -1` is the number -1, not the text "-1".
      if (
        (expr.op === '-' || expr.op === '+') &&
        expr.operand.kind === 'literal' &&
        (expr.operand.type === 'integer' || expr.operand.type === 'real')
      ) {
        return expr.op === '-' ? -expr.operand.value : expr.operand.value;
      }
      return wordText(expr, source);
    default:
      return wordText(expr, source);
  }
}

function classAdToJson(ad: ClassAdExpr, source: string): { [key: string]: JsonValue } {
  const object: { [key: string]: JsonValue } = {};
  for (const attribute of ad.attributes) {
    object[attribute.name] = toJsonValue(attribute.value, source);
  }
  return object;
}
