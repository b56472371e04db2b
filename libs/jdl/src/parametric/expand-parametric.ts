import type { AttributeNode, ClassAdExpr, Expr, JdlDocument, LiteralExpr } from '../ast/classad-ast.js';
import { isBareWord } from '../ast/classad-lookup.js';
import { JdlError, JdlErrorCode } from '../errors/jdl.error.js';
import { planParametric, type ParameterSequence, type ParametricPlan } from './parametric-plan.js';
import { compileTemplate, type TemplatePart } from './placeholder-template.js';

export interface ExpandOptions {
  /**
   * Most jobs one parametric JDL may make. DIRAC allows 20 to 100; a simulation campaign needs more.
   * @default 10000
   */
  readonly maxJobs?: number;
}

export const DEFAULT_MAX_PARAMETRIC_JOBS = 10_000;

/** Builds the value of one node for job `index`; absent for nodes without placeholders (shared as is). */
type Rewrite = (index: number) => Expr;

/**
 * Expands a parametric JDL into one document per job, as DIRAC does: `%s`, `%(name)s` and `%n`
 * are replaced everywhere in the ad (strings, lists, nested ads, Requirements); a bare `%s` value
 * takes the parameter's own type (`InputData = %(files)s;` becomes a list); `%j` stays for the job
 * ID. Each job loses the Parameters* attributes and gains `Parameter` (and `Parameter.<name>`)
 * and `ParameterNumber`. A JDL that is not parametric comes back alone and unchanged.
 *
 * Parts of the tree without placeholders are shared between the jobs, not copied: the trees are
 * immutable, and sharing is what makes 10,000 jobs cheap.
 */
export function expandParametric(doc: JdlDocument, options: ExpandOptions = {}): JdlDocument[] {
  const plan = planParametric(doc, options.maxJobs ?? DEFAULT_MAX_PARAMETRIC_JOBS);
  if (!plan) {
    return [doc];
  }
  checkGeneratedNamesAreFree(doc);
  const compiler = new PlaceholderCompiler(doc, plan);
  const kept = doc.ad.attributes.filter((attribute) => !plan.definitionNames.has(attribute.name.toLowerCase()));
  const rewrites = kept.map((attribute) => compiler.compileValue(attribute.value));
  const jobs: JdlDocument[] = [];
  for (let index = 0; index < plan.count; index++) {
    const attributes: AttributeNode[] = kept.map((attribute, i) => {
      const rewrite = rewrites[i];
      return rewrite ? { ...attribute, value: rewrite(index) } : attribute;
    });
    attributes.push(...generatedAttributes(plan, index));
    const ad: ClassAdExpr = { kind: 'classad', attributes, loc: doc.ad.loc };
    jobs.push({ ad, source: doc.source, fileName: doc.fileName });
  }
  return jobs;
}

function generatedAttributes(plan: ParametricPlan, index: number): AttributeNode[] {
  const generated: AttributeNode[] = [];
  const add = (name: string, sequence: ParameterSequence, value: Expr): void => {
    generated.push({ name, value, nameLoc: sequence.definedAt.nameLoc, loc: sequence.definedAt.loc });
  };
  if (plan.unnamed) {
    add('Parameter', plan.unnamed, valueAt(plan.unnamed, index));
  }
  for (const sequence of plan.named.values()) {
    add(`Parameter.${sequence.name ?? ''}`, sequence, valueAt(sequence, index));
  }
  const anchor = plan.unnamed ?? plan.named.values().next().value;
  if (anchor) {
    const loc = anchor.definedAt.value.loc;
    add('ParameterNumber', anchor, { kind: 'literal', type: 'integer', value: index, loc });
  }
  return generated;
}

function valueAt(sequence: ParameterSequence, index: number): Expr {
  const value = sequence.values[index];
  if (!value) {
    throw new Error(`parameter sequence shorter than planned (index ${index})`);
  }
  return value;
}

function checkGeneratedNamesAreFree(doc: JdlDocument): void {
  for (const attribute of doc.ad.attributes) {
    if (/^parameter(number)?(\.|$)/i.test(attribute.name)) {
      throw new JdlError({
        code: JdlErrorCode.Parametric,
        reason: `${attribute.name} is set by the parametric expansion for each job: rename this attribute`,
        source: doc.source,
        fileName: doc.fileName,
        offset: attribute.nameLoc.start,
      });
    }
  }
}

/** Finds the placeholders of one document once, and turns them into per-job rewrites. */
class PlaceholderCompiler {
  private readonly width: number;

  constructor(
    private readonly doc: JdlDocument,
    private readonly plan: ParametricPlan,
  ) {
    this.width = String(plan.count - 1).length;
  }

  /** An attribute value or list item: a bare `%s` there stands for the parameter itself, typed. */
  compileValue(expr: Expr): Rewrite | undefined {
    if (expr.kind === 'literal' && expr.type === 'string' && isBareWord(expr, this.doc.source)) {
      const parts = compileTemplate(expr.value);
      const only = parts?.length === 1 ? parts[0] : undefined;
      if (only && (only.kind === 'unnamed' || only.kind === 'named')) {
        const sequence = this.sequenceFor(only, expr);
        return (index) => valueAt(sequence, index);
      }
    }
    return this.compile(expr);
  }

  private compile(expr: Expr): Rewrite | undefined {
    switch (expr.kind) {
      case 'literal':
        return expr.type === 'string' ? this.compileString(expr) : undefined;
      case 'list': {
        const items = expr.items.map((item) => this.compileValue(item));
        if (items.every((item) => item === undefined)) {
          return undefined;
        }
        return (index) => ({ ...expr, items: expr.items.map((item, i) => items[i]?.(index) ?? item) });
      }
      case 'classad': {
        const values = expr.attributes.map((attribute) => this.compileValue(attribute.value));
        if (values.every((value) => value === undefined)) {
          return undefined;
        }
        return (index) => ({
          ...expr,
          attributes: expr.attributes.map((attribute, i) => {
            const rewrite = values[i];
            return rewrite ? { ...attribute, value: rewrite(index) } : attribute;
          }),
        });
      }
      case 'select': {
        const base = this.compile(expr.base);
        return base && ((index) => ({ ...expr, base: base(index) }));
      }
      case 'index': {
        const base = this.compile(expr.base);
        const inner = this.compile(expr.index);
        return base || inner ? (index) => ({ ...expr, base: base?.(index) ?? expr.base, index: inner?.(index) ?? expr.index }) : undefined;
      }
      case 'unary': {
        const operand = this.compile(expr.operand);
        return operand && ((index) => ({ ...expr, operand: operand(index) }));
      }
      case 'binary': {
        const left = this.compile(expr.left);
        const right = this.compile(expr.right);
        return left || right ? (index) => ({ ...expr, left: left?.(index) ?? expr.left, right: right?.(index) ?? expr.right }) : undefined;
      }
      case 'conditional': {
        const condition = this.compile(expr.condition);
        const then = expr.then ? this.compile(expr.then) : undefined;
        const otherwise = this.compile(expr.otherwise);
        return condition || then || otherwise
          ? (index) => ({
              ...expr,
              condition: condition?.(index) ?? expr.condition,
              then: then?.(index) ?? expr.then,
              otherwise: otherwise?.(index) ?? expr.otherwise,
            })
          : undefined;
      }
      case 'call': {
        const args = expr.args.map((arg) => this.compile(arg));
        if (args.every((arg) => arg === undefined)) {
          return undefined;
        }
        return (index) => ({ ...expr, args: expr.args.map((arg, i) => args[i]?.(index) ?? arg) });
      }
      case 'ref':
        return undefined;
    }
  }

  private compileString(expr: Extract<LiteralExpr, { type: 'string' }>): Rewrite | undefined {
    const parts = compileTemplate(expr.value);
    if (!parts) {
      return undefined;
    }
    const pieces = parts.map((part) => this.piece(part, expr));
    return (index) => ({ ...expr, value: pieces.map((piece) => (typeof piece === 'string' ? piece : piece(index))).join('') });
  }

  private piece(part: TemplatePart, at: Expr): string | ((index: number) => string) {
    switch (part.kind) {
      case 'text':
        return part.text;
      case 'index':
        return (index) => String(index).padStart(this.width, '0');
      case 'unnamed':
      case 'named': {
        const texts = this.sequenceFor(part, at).texts;
        return (index) => texts[index] ?? '';
      }
    }
  }

  private sequenceFor(part: Extract<TemplatePart, { kind: 'unnamed' | 'named' }>, at: Expr): ParameterSequence {
    const sequence = part.kind === 'unnamed' ? this.plan.unnamed : this.plan.named.get(part.name.toLowerCase());
    if (!sequence) {
      const reason =
        part.kind === 'unnamed'
          ? '%s stands for the Parameters value, but this JDL has only named sequences: use %(name)s or add Parameters'
          : `%(${part.name})s names no parameter sequence: define Parameters.${part.name} (a list) or ParameterStart.${part.name}`;
      throw new JdlError({
        code: JdlErrorCode.Parametric,
        reason,
        source: this.doc.source,
        fileName: this.doc.fileName,
        offset: at.loc.start,
      });
    }
    return sequence;
  }
}
