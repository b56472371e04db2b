import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { AttributeNode, ClassAdExpr, Expr, LiteralExpr, RefScope, SourceRange } from '../ast/classad-ast.js';
import { JdlError } from '../errors/jdl.error.js';
import { parseExpression, parseJdl } from '../parser/parse-jdl.js';
import { isClassAdKeyword } from './classad-keywords.js';
import { printExpression, printJdl } from './print-jdl.js';

// ---------------------------------------------------------------------------------------------
// Arbitrary syntax trees, within the invariants of classad-ast.ts and what the grammar can say.

const SEED = 20251125;
const RUNS = 1000;
const LOC: SourceRange = { start: 0, end: 0 };

/** Names of references, functions and selected attributes: identifiers, never keywords. */
const identifier = fc
  .oneof(
    fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,7}$/),
    // Near misses of keywords and scopes, which the grammar must still read as names.
    fc.constantFrom('trueish', 'isn', 'isnt_', 'Errors', 'undefined1', 'my', 'Other', 'TARGET', 'myx', '_'),
  )
  .filter((name) => !isClassAdKeyword(name));

// Strings the grammar must carry through: quotes, backslashes, every control character but NUL
// (which the parser refuses, so no tree holds one), non-ASCII, emoji and a lone surrogate.
const stringValue = fc
  .string({
    maxLength: 12,
    unit: fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      fc.constantFrom('"', "'", '\\', '\n', '\r', '\t', '\b', '\f', '\v', '\x01', '\x1f', '\x7f', '\u0085', '\u00a0', '\uFEFF', '\u2028'),
      fc.constantFrom('é', '😀', '\uD800', '//', '/*', '#', ';', ']', '}', '%(X)s', '\\0', '1'),
    ),
  })
  .filter((value) => !value.includes('\0'));

const attributeName = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.]{0,8}$/),
  fc.constantFrom('true', 'IS', 'isnt', 'Undefined', 'error', '', 'a b', "it's", 'back\\slash', 'x-y', '1st'),
  stringValue,
);

// Integers are exact (the parser refuses those beyond 2^53 rather than lose digits).
const integerValue = fc.oneof(fc.nat(), fc.maxSafeNat());
const realValue = fc.oneof(
  fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }).filter((value) => !Object.is(value, -0)),
  fc.constantFrom(0, 1, 0.5, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, 123456789.125),
);

const literal: fc.Arbitrary<LiteralExpr> = fc.oneof(
  integerValue.map((value): LiteralExpr => ({ kind: 'literal', type: 'integer', value, loc: LOC })),
  realValue.map((value): LiteralExpr => ({ kind: 'literal', type: 'real', value, loc: LOC })),
  stringValue.map((value): LiteralExpr => ({ kind: 'literal', type: 'string', value, loc: LOC })),
  fc.boolean().map((value): LiteralExpr => ({ kind: 'literal', type: 'boolean', value, loc: LOC })),
  fc.constantFrom<LiteralExpr>({ kind: 'literal', type: 'undefined', loc: LOC }, { kind: 'literal', type: 'error', loc: LOC }),
);

const ref: fc.Arbitrary<Expr> = fc.record({
  kind: fc.constant('ref' as const),
  scope: fc.constantFrom<RefScope | null>(null, null, 'my', 'other', 'target', 'root'),
  name: identifier,
  loc: fc.constant(LOC),
});

/**
 * `my.x` is always the scoped reference, even written `(my).x` (the parser decides on the tree,
 * not the text), so a selection from an unscoped `my`, `other` or `target` cannot be written.
 */
function isSelectable(base: Expr): boolean {
  return !(base.kind === 'ref' && base.scope === null && ['my', 'other', 'target'].includes(base.name.toLowerCase()));
}

const DEPTH = { maxDepth: 5, depthIdentifier: 'expr', depthSize: 'small' } as const;

const trees = fc.letrec<{ expr: Expr; classad: ClassAdExpr }>((tie) => {
  const expr = tie('expr');
  const attribute: fc.Arbitrary<AttributeNode> = fc.record({
    name: attributeName,
    value: expr,
    nameLoc: fc.constant(LOC),
    loc: fc.constant(LOC),
  });
  return {
    expr: fc.oneof(
      DEPTH,
      literal,
      ref,
      tie('classad'),
      fc.array(expr, { maxLength: 4 }).map((items): Expr => ({ kind: 'list', items, loc: LOC })),
      fc
        .record({ base: expr.filter(isSelectable), name: identifier })
        .map(({ base, name }): Expr => ({ kind: 'select', base, name, loc: LOC })),
      fc.record({ base: expr, index: expr }).map(({ base, index }): Expr => ({ kind: 'index', base, index, loc: LOC })),
      fc
        .record({ op: fc.constantFrom('-', '+', '!', '~'), operand: expr })
        .map(({ op, operand }): Expr => ({ kind: 'unary', op, operand, loc: LOC })),
      fc
        .record({
          op: fc.constantFrom(
            ...([
              '||',
              '&&',
              '|',
              '^',
              '&',
              '==',
              '!=',
              '=?=',
              '=!=',
              'is',
              'isnt',
              '<',
              '<=',
              '>',
              '>=',
              '<<',
              '>>',
              '>>>',
              '+',
              '-',
              '*',
              '/',
              '%',
            ] as const),
          ),
          left: expr,
          right: expr,
        })
        .map(({ op, left, right }): Expr => ({ kind: 'binary', op, left, right, loc: LOC })),
      fc
        .record({ condition: expr, then: fc.option(expr, { nil: null }), otherwise: expr })
        .map(({ condition, then, otherwise }): Expr => ({ kind: 'conditional', condition, then, otherwise, loc: LOC })),
      fc
        .record({ name: identifier, args: fc.array(expr, { maxLength: 3 }) })
        .map(({ name, args }): Expr => ({ kind: 'call', name, args, loc: LOC })),
    ),
    // Attribute names are unique ignoring case within one ad, as the parser insists.
    classad: fc
      .uniqueArray(attribute, { maxLength: 5, selector: (a) => a.name.toLowerCase() })
      .map((attributes): ClassAdExpr => ({ kind: 'classad', attributes, loc: LOC })),
  };
});

/** The tree without source positions, which printing cannot keep. */
function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutLocations);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'loc' && key !== 'nameLoc')
        .map(([key, inner]) => [key, withoutLocations(inner)]),
    );
  }
  return value;
}

const CORPUS_DIR = join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'jdl-corpus');

function parsesOrNull(source: string): ClassAdExpr | null {
  try {
    return parseJdl(source).ad;
  } catch (error) {
    if (error instanceof JdlError) {
      return null;
    }
    throw error;
  }
}

const corpus = readdirSync(CORPUS_DIR)
  .filter((name) => name.endsWith('.jdl'))
  .sort()
  .map((name) => ({ name, ad: parsesOrNull(readFileSync(join(CORPUS_DIR, name), 'utf8')) }))
  .filter((file): file is { name: string; ad: ClassAdExpr } => file.ad !== null);

// ---------------------------------------------------------------------------------------------

describe(printJdl.name, () => {
  it('reads back every syntax tree it prints', () => {
    fc.assert(
      fc.property(trees.classad, (ad) => {
        expect(withoutLocations(parseJdl(printJdl(ad)).ad)).toEqual(withoutLocations(ad));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('reads back what it prints with a tab for indentation', () => {
    fc.assert(
      fc.property(trees.classad, (ad) => {
        expect(withoutLocations(parseJdl(printJdl(ad, { indent: '\t' })).ad)).toEqual(withoutLocations(ad));
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });

  it.each(corpus)('prints $name so that it reads back to the same tree', ({ ad }) => {
    expect(withoutLocations(parseJdl(printJdl(ad)).ad)).toEqual(withoutLocations(ad));
  });

  it('found corpus files to round-trip', () => {
    expect(corpus.length).toBeGreaterThan(30);
  });

  it('prints one attribute per line in the order written, with short flat lists inline', () => {
    const { ad } = parseJdl(
      'Executable="runstuff.sh" ; InputSandbox={"runstuff.sh","inputfile.txt"};CPUTime=10000;\n' +
        'Requirements = other.NumberOfProcessors>=4&&Member("x",other.Tags); arguments = %(args)s',
    );
    expect(printJdl(ad)).toBe(
      '[\n' +
        '    Executable = "runstuff.sh";\n' +
        '    InputSandbox = { "runstuff.sh", "inputfile.txt" };\n' +
        '    CPUTime = 10000;\n' +
        '    Requirements = other.NumberOfProcessors >= 4 && Member("x", other.Tags);\n' +
        '    arguments = "%(args)s";\n' +
        ']\n',
    );
  });

  it('puts each item of a long list on its own line', () => {
    const files = Array.from({ length: 6 }, (_, i) => `"LFN:/vo.formation.idgrilles.fr/user/v/vhamar/test${i}.txt"`);
    const { ad } = parseJdl(`InputData = {${files.join(',')}};`);
    expect(printJdl(ad)).toBe(`[\n    InputData = {\n${files.map((file) => `        ${file}`).join(',\n')}\n    };\n]\n`);
  });

  it('lays out nested ads and lists of lists like the top level', () => {
    const { ad } = parseJdl('[ JobRequirements = [ CPUTime = 17800; Tags = {} ]; Parameters.X = {{1, 2}, {3}}; Empty = [] ]');
    expect(printJdl(ad, { indent: '  ' })).toBe(
      '[\n' +
        '  JobRequirements = [\n' +
        '    CPUTime = 17800;\n' +
        '    Tags = {};\n' +
        '  ];\n' +
        '  Parameters.X = {\n' +
        '    { 1, 2 },\n' +
        '    { 3 }\n' +
        '  };\n' +
        '  Empty = [];\n' +
        ']\n',
    );
  });

  it('quotes the attribute names that cannot be read unquoted', () => {
    const { ad } = parseJdl("[ 'my name' = 1; 'TRUE' = 2; 'it\\'s' = 3; Parameters.B = 4 ]");
    expect(printJdl(ad)).toBe("[\n    'my name' = 1;\n    'TRUE' = 2;\n    'it\\'s' = 3;\n    Parameters.B = 4;\n]\n");
  });

  it('prints an empty ad as []', () => {
    expect(printJdl(parseJdl('').ad)).toBe('[]\n');
  });
});

describe(printExpression.name, () => {
  it('reads back every expression it prints', () => {
    fc.assert(
      fc.property(trees.expr, (expr) => {
        expect(withoutLocations(parseExpression(printExpression(expr)))).toEqual(withoutLocations(expr));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
