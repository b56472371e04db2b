import { describe, expect, it } from '@jest/globals';
import type { Expr, SourceRange } from '../ast/classad-ast.js';
import { parseExpression } from '../parser/parse-jdl.js';
import { printExpression } from './print-expression.js';

const LOC: SourceRange = { start: 0, end: 0 };

/** Parse, then print: the canonical spelling of `source`. */
function reprint(source: string): string {
  return printExpression(parseExpression(source));
}

describe(printExpression.name, () => {
  it.each([
    ['(a - b) - c', 'a - b - c'],
    ['a - (b - c)', 'a - (b - c)'],
    ['a * (b + c)', 'a * (b + c)'],
    ['(a * b) + c', 'a * b + c'],
    ['(a || b) && c', '(a || b) && c'],
    ['a || (b && c)', 'a || b && c'],
    ['(a == b) == c', 'a == b == c'],
    ['a is (b isnt c)', 'a is (b isnt c)'],
    ['(a ? b : c) + 1', '(a ? b : c) + 1'],
    ['(a ? b : c) ? d : e', '(a ? b : c) ? d : e'],
    ['a ? b : (c ? d : e)', 'a ? b : c ? d : e'],
    ['a ? (b ? c : d) : e', 'a ? b ? c : d : e'],
    ['a ?: b', 'a ?: b'],
    ['-(a + b)', '-(a + b)'],
    ['- - x', '--x'],
    ['!(!x)', '!!x'],
    ['-(a.b)', '-a.b'],
    ['(-a).b', '(-a).b'],
    ['(1).x', '(1).x'],
    ['(a + b)[0]', '(a + b)[0]'],
    ['x [ 1 ] [ 2 ]', 'x[1][2]'],
    ['MY.x + Target.y - OTHER.z * .w', 'my.x + target.y - other.z * .w'],
    ['f ( 1 , "a" , g() )', 'f(1, "a", g())'],
    ['a IS UNDEFINED', 'a is undefined'],
    ['TRUE && False || ERROR', 'true && false || error'],
  ])('keeps only the parentheses %s needs: %s', (source, printed) => {
    expect(reprint(source)).toBe(printed);
  });

  it('prints lists and nested ads on one line', () => {
    expect(reprint('{1,"a",{}}')).toBe('{ 1, "a", {} }');
    expect(reprint("[a=1;b={2};'c d'=[]]")).toBe("[ a = 1; b = { 2 }; 'c d' = [] ]");
  });

  it('escapes quotes, backslashes and control characters, and keeps other characters as they are', () => {
    const value = 'say "hi"\\\n\t\r\b\f\x01\x1b\x7fé😀\u2028';
    const printed = printExpression({ kind: 'literal', type: 'string', value, loc: LOC });
    expect(printed).toBe('"say \\"hi\\"\\\\\\n\\t\\r\\b\\f\\001\\033\\177é😀\u2028"');
    expect(parseExpression(printed)).toMatchObject({ value });
  });

  it('writes octal escapes with three digits so that a following digit stays a digit', () => {
    expect(printExpression({ kind: 'literal', type: 'string', value: '\x017', loc: LOC })).toBe('"\\0017"');
  });

  it('writes reals with a point or an exponent and integers in full', () => {
    const real = (value: number): string => printExpression({ kind: 'literal', type: 'real', value, loc: LOC });
    const integer = (value: number): string => printExpression({ kind: 'literal', type: 'integer', value, loc: LOC });
    expect([real(1), real(0), real(0.5), real(1e21), real(1.5e-7)]).toEqual(['1.0', '0.0', '0.5', '1e+21', '1.5e-7']);
    expect([integer(0), integer(42), integer(1e21)]).toEqual(['0', '42', '1000000000000000000000']);
    expect(reprint('0x1F')).toBe('31');
  });

  it('refuses numbers the syntax tree cannot hold rather than print text that reads back differently', () => {
    expect(() => printExpression({ kind: 'literal', type: 'real', value: Infinity, loc: LOC })).toThrow(RangeError);
    expect(() => printExpression({ kind: 'literal', type: 'integer', value: -1, loc: LOC })).toThrow(RangeError);
    expect(() => printExpression({ kind: 'literal', type: 'integer', value: 1.5, loc: LOC })).toThrow(RangeError);
  });

  it('prints chains far deeper than the stack without recursing', () => {
    let sum: Expr = { kind: 'ref', scope: null, name: 'a', loc: LOC };
    let path: Expr = sum;
    for (let i = 0; i < 100_000; i++) {
      sum = { kind: 'binary', op: '+', left: sum, right: { kind: 'literal', type: 'integer', value: 1, loc: LOC }, loc: LOC };
      path = i % 2 === 0 ? { kind: 'select', base: path, name: 'b', loc: LOC } : { kind: 'index', base: path, index: sum.right, loc: LOC };
    }
    expect(printExpression(sum)).toBe(`a${' + 1'.repeat(100_000)}`);
    expect(printExpression(path)).toBe(`a${'.b[1]'.repeat(50_000)}`);
  });
});
