import type { AttributeNode, Expr, JdlDocument, LiteralExpr } from '../ast/classad-ast.js';
import { wordText } from '../ast/classad-lookup.js';
import { JdlError, JdlErrorCode } from '../errors/jdl.error.js';

/** One sequence of parameter values: the unnamed one (`Parameters`, `%s`) or a named one (`Parameters.X`, `%(X)s`). */
export interface ParameterSequence {
  /** The name as the user spelled it, or null for the unnamed sequence. */
  readonly name: string | null;
  readonly values: readonly Expr[];
  /** The values as text, for substitution into strings (computed once, used by every job). */
  readonly texts: readonly string[];
  /** Where the sequence is defined; generated attributes point here. */
  readonly definedAt: AttributeNode;
}

/** What a parametric JDL expands to: how many jobs, and the value sequences. */
export interface ParametricPlan {
  readonly count: number;
  readonly unnamed: ParameterSequence | null;
  /** Named sequences by lower-cased name (placeholders are matched case-insensitively, like attribute names). */
  readonly named: ReadonlyMap<string, ParameterSequence>;
  /** Lower-cased names of the Parameters* attributes, which the generated jobs do not keep. */
  readonly definitionNames: ReadonlySet<string>;
}

type Role = 'parameters' | 'parameterstart' | 'parameterstep' | 'parameterfactor';

interface SequenceDefinition {
  parameters?: AttributeNode;
  parameterstart?: AttributeNode;
  parameterstep?: AttributeNode;
  parameterfactor?: AttributeNode;
}

const DEFINITION = /^(parameters|parameterstart|parameterstep|parameterfactor)(?:\.([A-Za-z_][A-Za-z0-9_]*))?$/i;

/** DIRAC's defaults for a numeric sequence: x0 = 1, x(i+1) = x(i) * 1 + 0. */
const DEFAULT_START = 1;
const DEFAULT_STEP = 0;
const DEFAULT_FACTOR = 1;

/**
 * Reads the Parameters* attributes of a JDL the way DIRAC's ParametricJob does, or returns null
 * when the JDL is not parametric. Refuses (with the place) sequences of different lengths,
 * non-numeric starts/steps/factors, fewer than one job, and more than `maxJobs` jobs.
 */
export function planParametric(doc: JdlDocument, maxJobs: number): ParametricPlan | null {
  const definitions = new Map<string | null, { name: string | null; definition: SequenceDefinition }>();
  const definitionNames = new Set<string>();
  for (const attribute of doc.ad.attributes) {
    const match = DEFINITION.exec(attribute.name);
    if (!match) {
      continue;
    }
    const role = (match[1] ?? '').toLowerCase() as Role;
    const name = match[2] ?? null;
    const key = name === null ? null : name.toLowerCase();
    const entry = definitions.get(key) ?? { name, definition: {} };
    entry.definition[role] = attribute;
    definitions.set(key, entry);
    definitionNames.add(attribute.name.toLowerCase());
  }
  if (definitions.size === 0) {
    return null;
  }
  const fail = (offset: number, reason: string): never => {
    throw new JdlError({ code: JdlErrorCode.Parametric, reason, source: doc.source, fileName: doc.fileName, offset });
  };

  const count = jobCount(doc, definitions, fail);
  if (count < 1) {
    const at = definitions.get(null)?.definition.parameters ?? firstDefinition(definitions);
    fail(at.value.loc.start, `Parameters must ask for at least 1 job, got ${count}`);
  }
  if (count > maxJobs) {
    const at = definitions.get(null)?.definition.parameters ?? firstDefinition(definitions);
    fail(
      at.value.loc.start,
      `this parametric JDL makes ${count} jobs, more than the limit of ${maxJobs} per submission: split it into several submissions`,
    );
  }

  let unnamed: ParameterSequence | null = null;
  const named = new Map<string, ParameterSequence>();
  for (const [key, { name, definition }] of definitions) {
    const sequence = buildSequence(doc, name, definition, count, fail);
    if (key === null) {
      unnamed = sequence;
    } else {
      named.set(key, sequence);
    }
  }
  return { count, unnamed, named, definitionNames };
}

type Fail = (offset: number, reason: string) => never;

function firstDefinition(definitions: Map<string | null, { definition: SequenceDefinition }>): AttributeNode {
  for (const { definition } of definitions.values()) {
    const attribute = definition.parameters ?? definition.parameterstart ?? definition.parameterstep ?? definition.parameterfactor;
    if (attribute) {
      return attribute;
    }
  }
  throw new Error('a parametric plan without definitions');
}

/** The number of jobs: from `Parameters` when present, else from the first named sequence that says. */
function jobCount(doc: JdlDocument, definitions: Map<string | null, { definition: SequenceDefinition }>, fail: Fail): number {
  const unnamed = definitions.get(null)?.definition.parameters;
  if (unnamed) {
    return declaredLength(unnamed, fail);
  }
  for (const { definition } of definitions.values()) {
    if (definition.parameters) {
      return declaredLength(definition.parameters, fail);
    }
  }
  const at = firstDefinition(definitions);
  return fail(at.nameLoc.start, `${at.name} needs a Parameters attribute saying how many jobs to make (a number or a list of values)`);
}

function declaredLength(attribute: AttributeNode, fail: Fail): number {
  const value = attribute.value;
  if (value.kind === 'list') {
    return value.items.length;
  }
  const number = numericValue(value);
  if (number === null || !Number.isInteger(number)) {
    return fail(value.loc.start, `${attribute.name} must be a whole number of jobs or a list of values, got ${describe(value)}`);
  }
  return number;
}

function buildSequence(
  doc: JdlDocument,
  name: string | null,
  definition: SequenceDefinition,
  count: number,
  fail: Fail,
): ParameterSequence {
  const parameters = definition.parameters;
  let values: Expr[];
  if (parameters && parameters.value.kind === 'list') {
    values = [...parameters.value.items];
    if (values.length !== count) {
      fail(
        parameters.value.loc.start,
        `${parameters.name} has ${values.length} values, but this JDL makes ${count} jobs: every parameter sequence needs the same length`,
      );
    }
  } else {
    if (parameters && declaredLength(parameters, fail) !== count) {
      fail(
        parameters.value.loc.start,
        `${parameters.name} asks for ${declaredLength(parameters, fail)} jobs, but this JDL makes ${count}: every parameter sequence needs the same length`,
      );
    }
    values = numericSequence(definition, count, fail);
  }
  const definedAt = parameters ?? definition.parameterstart ?? definition.parameterstep ?? definition.parameterfactor;
  if (!definedAt) {
    throw new Error('a parameter sequence without a defining attribute');
  }
  return { name, values, texts: values.map((value) => wordText(value, doc.source)), definedAt };
}

function numericSequence(definition: SequenceDefinition, count: number, fail: Fail): LiteralExpr[] {
  const start = numberAttribute(definition.parameterstart, DEFAULT_START, fail);
  const step = numberAttribute(definition.parameterstep, DEFAULT_STEP, fail);
  const factor = numberAttribute(definition.parameterfactor, DEFAULT_FACTOR, fail);
  const integral = Number.isInteger(start.value) && Number.isInteger(step.value) && Number.isInteger(factor.value);
  const loc = (definition.parameterstart ?? definition.parameters ?? definition.parameterstep ?? definition.parameterfactor)?.value.loc ?? {
    start: 0,
    end: 0,
  };
  const values: LiteralExpr[] = [];
  let x = start.value;
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(x) || (integral && !Number.isSafeInteger(x))) {
      const culprit = definition.parameterfactor ?? definition.parameterstep ?? definition.parameterstart;
      fail(
        culprit?.value.loc.start ?? loc.start,
        `the parameter sequence grows beyond the largest exact number by job ${i}: use a smaller ParameterFactor or ParameterStep`,
      );
    }
    values.push(integral ? { kind: 'literal', type: 'integer', value: x, loc } : { kind: 'literal', type: 'real', value: x, loc });
    x = x * factor.value + step.value;
  }
  return values;
}

function numberAttribute(attribute: AttributeNode | undefined, fallback: number, fail: Fail): { value: number } {
  if (!attribute) {
    return { value: fallback };
  }
  const value = numericValue(attribute.value);
  if (value === null) {
    return fail(attribute.value.loc.start, `${attribute.name} must be a number, got ${describe(attribute.value)}`);
  }
  return { value };
}

/** A number written as a literal, a signed literal, or a quoted number (DIRAC reads values as text). */
function numericValue(expr: Expr): number | null {
  if (expr.kind === 'literal') {
    if (expr.type === 'integer' || expr.type === 'real') {
      return expr.value;
    }
    if (expr.type === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(expr.value)) {
      return Number(expr.value);
    }
    return null;
  }
  if (expr.kind === 'unary' && (expr.op === '-' || expr.op === '+')) {
    const inner = numericValue(expr.operand);
    return inner === null ? null : expr.op === '-' ? -inner : inner;
  }
  return null;
}

function describe(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      switch (expr.type) {
        case 'string':
          return JSON.stringify(expr.value);
        case 'undefined':
        case 'error':
          return expr.type;
        default:
          return String(expr.value);
      }
    case 'list':
      return 'a list';
    case 'classad':
      return 'a ClassAd';
    default:
      return 'an expression';
  }
}
