import { describe, expect, it } from '@jest/globals';
import type { ClassAdExpr } from '../ast/classad-ast.js';
import { parseExpression, parseJdl } from '../parser/parse-jdl.js';
import { formatValue, type ClassAdValue } from './classad-value.js';
import { evaluateAttribute, evaluateExpression, MAX_EVALUATION_DEPTH, type EvaluationContext } from './evaluate.js';

const ad = (text: string): ClassAdExpr => parseJdl(text).ad;
const run = (text: string, context?: EvaluationContext): ClassAdValue => evaluateExpression(parseExpression(text), context);
const show = (text: string, context?: EvaluationContext): string => formatValue(run(text, context));
const attribute = (target: ClassAdExpr, name: string, other?: ClassAdExpr): string =>
  formatValue(evaluateAttribute(target, name, other ? { other } : {}));

describe(evaluateExpression.name, () => {
  it('evaluates literals', () => {
    expect(run('42')).toEqual({ type: 'integer', value: 42 });
    expect(run('2.5')).toEqual({ type: 'real', value: 2.5 });
    expect(run('"x"')).toEqual({ type: 'string', value: 'x' });
    expect(run('TRUE')).toEqual({ type: 'boolean', value: true });
    expect(run('undefined')).toEqual({ type: 'undefined' });
    expect(run('error')).toEqual({ type: 'error' });
    expect(show('{1, 2.0, "three", {}}')).toBe('{ 1, 2.0, "three", {} }');
  });

  it('refuses numeric literals out of range in a hand-built tree (the parser refuses them in text)', () => {
    const loc = { start: 0, end: 0 };
    expect(evaluateExpression({ kind: 'literal', type: 'integer', value: 2 ** 70, loc })).toEqual({
      type: 'error',
      reason: 'the integer literal is outside the 64-bit range',
    });
    expect(evaluateExpression({ kind: 'literal', type: 'real', value: Infinity, loc })).toEqual({
      type: 'error',
      reason: 'the real literal is too large',
    });
  });

  it('looks unscoped names up in `my`, ignoring case', () => {
    const my = ad('[ Memory = 2048; Cpus = 4 ]');
    expect(show('memory / CPUS', { my })).toBe('512');
  });

  it('makes a missing attribute UNDEFINED', () => {
    expect(show('NoSuchThing')).toBe('undefined');
    expect(show('NoSuchThing + 1', { my: ad('[a = 1]') })).toBe('undefined');
  });

  describe('conditionals', () => {
    it.each([
      ['true ? 1 : 2', '1'],
      ['false ? 1 : 2', '2'],
      ['0 ? 1 : 2', '2'],
      ['0.5 ? 1 : 2', '1'],
      ['undefined ? 1 : 2', 'undefined'],
      ['error ? 1 : 2', 'error'],
      ['"yes" ? 1 : 2', 'error'],
      ['true ? undefined : 1', 'undefined'],
      ['false ? 1 : undefined', 'undefined'],
    ])('%s is %s', (text, result) => {
      expect(show(text)).toBe(result);
    });

    it('evaluates only the branch taken', () => {
      expect(show('true ? 1 : fqanMember("x")')).toBe('1');
      expect(show('false ? fqanMember("x") : 2')).toBe('2');
    });

    it.each([
      ['undefined ?: 5', '5'],
      ['Missing ?: "default"', '"default"'],
      ['3 ?: 5', '3'],
      ['false ?: 5', 'false'],
      ['error ?: 5', 'error'],
    ])('elvis: %s is %s', (text, result) => {
      expect(show(text)).toBe(result);
    });
  });

  describe('select and subscript', () => {
    it('selects an attribute of a ClassAd, ignoring case', () => {
      expect(show('[a = 3; b = "alain"].B')).toBe('"alain"');
      expect(show('[a = 3].c')).toBe('undefined');
    });

    it('maps a select over a list of ClassAds, as HTCondor does', () => {
      expect(show('{[a = 3; b = "x"], [a = 2], [a = 1]}.a')).toBe('{ 3, 2, 1 }');
      expect(show('{[a = 3], [a = 2]}.c')).toBe('{ undefined, undefined }');
      expect(show('{}.a')).toBe('{}');
      expect(show('{[a = 1], 7, undefined}.a')).toBe('{ 1, error, undefined }');
    });

    it('refuses to select from a scalar and passes UNDEFINED through', () => {
      expect(show('"text".length')).toBe('error');
      expect(show('Missing.length')).toBe('undefined');
    });

    it('indexes lists from 0 and reports out-of-range indexes as ERROR', () => {
      expect(show('{"a", "b", "c"}[0]')).toBe('"a"');
      expect(show('{"a", "b", "c"}[2]')).toBe('"c"');
      expect(run('{"a", "b", "c"}[3]')).toEqual({ type: 'error', reason: 'index 3 is outside the list of 3' });
      expect(show('{"a"}[-1]')).toBe('error');
      expect(show('{"a"}[0.0]')).toBe('error');
    });

    it('indexes ClassAds by attribute name', () => {
      expect(show('[a = 3; ab = 4]["AB"]')).toBe('4');
      expect(show('[a = 3; ab = 4][strcat("a", "b")]')).toBe('4');
      expect(show('[a = 3]["c"]')).toBe('undefined');
      expect(show('[a = 3][0]')).toBe('error');
    });

    it('is strict in UNDEFINED and ERROR', () => {
      expect(show('{1}[undefined]')).toBe('undefined');
      expect(show('Missing[0]')).toBe('undefined');
      expect(show('{1}[error]')).toBe('error');
    });
  });

  describe('functions', () => {
    it('looks function names up ignoring case', () => {
      expect(show('STRCAT("a", "b")')).toBe('"ab"');
      expect(show('StrCat("a", "b")')).toBe('"ab"');
    });

    it('makes an unknown function ERROR, naming it', () => {
      expect(run('fqanMember("VOMS:/x", {})')).toEqual({ type: 'error', reason: 'unknown function fqanMember()' });
    });

    it('makes a wrong number of arguments ERROR', () => {
      expect(run('size()')).toEqual({ type: 'error', reason: 'size() takes 1 argument, not 0' });
      expect(run('substr("a")')).toEqual({ type: 'error', reason: 'substr() takes 2 to 3 arguments, not 1' });
    });

    it('gives time() and random() the clock and randomness of the context', () => {
      expect(show('time()', { now: () => 1_700_000_000_999 })).toBe('1700000000');
      expect(show('random(10)', { random: () => 0.75 })).toBe('7');
    });
  });
});

describe(evaluateAttribute.name, () => {
  it('evaluates an attribute of an ad, ignoring case', () => {
    expect(attribute(ad('[a = 1; b = A + 1]'), 'B')).toBe('2');
    expect(attribute(ad('[a = 1]'), 'missing')).toBe('undefined');
  });

  describe('cycles', () => {
    it('makes a self-referential attribute ERROR', () => {
      expect(evaluateAttribute(ad('JobGroup = jobGroup;'), 'JobGroup')).toEqual({ type: 'error', reason: 'JobGroup refers to itself' });
    });

    it('makes a cycle through several attributes ERROR', () => {
      expect(attribute(ad('[a = b; b = c + 1; c = a]'), 'a')).toBe('error');
    });

    it('makes a cycle through the two sides of a match ERROR', () => {
      expect(attribute(ad('[a = other.b]'), 'a', ad('[b = other.a]'))).toBe('error');
    });

    it('lets an attribute be used twice when it is not a cycle', () => {
      expect(attribute(ad('[a = b * b + b; b = 3]'), 'a')).toBe('12');
    });
  });

  describe('scoping', () => {
    it('lets nested ads see the ads they are nested in', () => {
      expect(attribute(ad('[x = 5; inner = [y = x + 1]; z = inner.y]'), 'z')).toBe('6');
      expect(attribute(ad('[x = 5; inner = [x = 1; y = x]; z = inner.y]'), 'z')).toBe('1');
      expect(attribute(ad('[x = 5; a = [b = [c = x * 2]]; z = a.b.c]'), 'z')).toBe('10');
    });

    it('reads my. and . as the top-level ad, even from a nested ad', () => {
      expect(attribute(ad('[x = 5; inner = [x = 1; y = my.x]; z = inner.y]'), 'z')).toBe('5');
      expect(attribute(ad('[x = 5; inner = [x = 1; y = .x]; z = inner.y]'), 'z')).toBe('5');
      expect(attribute(ad('[x = 5; y = MY.X]'), 'y')).toBe('5');
    });

    it('reads other. and target. as the other ad of the match', () => {
      const job = ad('[Memory = 1; a = other.Memory; b = TARGET.memory]');
      const machine = ad('[Memory = 2048]');
      expect(attribute(job, 'a', machine)).toBe('2048');
      expect(attribute(job, 'b', machine)).toBe('2048');
    });

    it('makes other. UNDEFINED when there is no match', () => {
      expect(attribute(ad('[Memory = 1; a = other.Memory]'), 'a')).toBe('undefined');
      expect(show('target.x')).toBe('undefined');
    });

    it('falls back to the other ad for unscoped names the ad does not have', () => {
      const job = ad('[Requirements = Memory >= 1024 && Arch == "x86_64"]');
      expect(attribute(job, 'Requirements', ad('[Memory = 2048; Arch = "X86_64"]'))).toBe('true');
      expect(attribute(job, 'Requirements', ad('[Memory = 512; Arch = "x86_64"]'))).toBe('false');
      expect(attribute(job, 'Requirements')).toBe('undefined');
    });

    it('prefers the ad the expression lives in over the other ad', () => {
      expect(attribute(ad('[Memory = 100; m = Memory]'), 'm', ad('[Memory = 2048]'))).toBe('100');
    });

    it('evaluates an attribute of the other ad from that ad`s point of view', () => {
      const job = ad('[Owner = "alice"; a = other.b; d = 1; f = 3; g = other.e]');
      const machine = ad('[b = my.c + other.d; c = 10; e = f; d = 100]');
      // In the machine, my.c is the machine's c and other.d is the job's d.
      expect(attribute(job, 'a', machine)).toBe('11');
      // An unscoped name missing from the machine falls back to the job, the machine's other ad.
      expect(attribute(job, 'g', machine)).toBe('3');
    });

    it('keeps nested ads of the other ad in the other ad`s scope', () => {
      const job = ad('[SEs = other.storage.CloseSEs; Status = other.storage.CloseSEs[0].status]');
      const machine = ad('[Site = "CERN"; storage = [CloseSEs = {[name = "se1"; status = Site], [name = "se2"]}]]');
      expect(attribute(job, 'Status', machine)).toBe('"CERN"');
      expect(formatValue(evaluateAttribute(job, 'SEs', { other: machine }))).toBe('{ [ name = "se1"; status = Site ], [ name = "se2" ] }');
    });

    it('evaluates a free expression as if it lived in `my`', () => {
      const my = ad('[a = 2]');
      const other = ad('[b = 3; c = other.a]');
      expect(show('a * b', { my, other })).toBe('6');
      expect(show('other.c', { my, other })).toBe('2');
      expect(show('my.a + target.b', { my, other })).toBe('5');
    });
  });

  describe('limits', () => {
    it('gives ERROR, not a stack overflow, for a very long chain of references', () => {
      const count = MAX_EVALUATION_DEPTH * 5;
      const attributes = Array.from({ length: count }, (_, i) => `a${i} = a${i + 1};`).join('\n');
      const value = evaluateAttribute(ad(`${attributes}\na${count} = 1;`), 'a0');
      expect(value).toEqual({ type: 'error', reason: expect.stringContaining('nests more than') });
    });

    it('evaluates long operator chains without deep recursion', () => {
      // The parser accepts trees up to 1000 deep; evaluated by recursion, such a chain would pass
      // MAX_EVALUATION_DEPTH, so these only succeed because chains are walked in loops.
      const terms = 990;
      expect(show(Array.from({ length: terms }, () => '1').join(' + '))).toBe(String(terms));
      expect(show(`${Array.from({ length: terms }, (_, i) => `x == ${i}`).join(' || ')}`, { my: ad(`[x = ${terms - 1}]`) })).toBe('true');
      expect(show(`Missing${'.a'.repeat(terms)}`)).toBe('undefined');
    });

    it('follows a reference chain shorter than the limit', () => {
      const count = 100;
      const attributes = Array.from({ length: count }, (_, i) => `a${i} = a${i + 1} + 1;`).join('\n');
      expect(attribute(ad(`${attributes}\na${count} = 0;`), 'a0')).toBe(String(count));
    });
  });
});
