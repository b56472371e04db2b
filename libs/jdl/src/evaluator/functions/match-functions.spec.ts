import { describe, expect, it } from '@jest/globals';
import type { ClassAdExpr } from '../../ast/classad-ast.js';
import { parseExpression, parseJdl } from '../../parser/parse-jdl.js';
import { formatValue } from '../classad-value.js';
import { evaluateAttribute, evaluateExpression, type EvaluationContext } from '../evaluate.js';

const ad = (text: string): ClassAdExpr => parseJdl(text).ad;
const show = (text: string, context?: EvaluationContext): string => formatValue(evaluateExpression(parseExpression(text), context));

// A gLite computing-element ad with its close storage elements, as the WMS information system
// published them.
const computingElement = ad(`[
  GlueCEUniqueID = "ce01.manchester.ac.uk:2119/jobmanager-pbs-short";
  DefaultStatus = "unset";
  storage = [
    CloseSEs = {
      [ GlueSEUniqueID = "se01.manchester.ac.uk"; GlueSEStatus = "Production"; FreeSpace = 10 ],
      [ GlueSEUniqueID = "se02.manchester.ac.uk"; GlueSEStatus = DefaultStatus; FreeSpace = 500 ]
    }
  ]
]`);

const busyElement = ad(`[
  GlueCEUniqueID = "ce02.manchester.ac.uk:2119/jobmanager-pbs-long";
  storage = [ CloseSEs = { [ GlueSEUniqueID = "se03"; GlueSEStatus = "Production"; FreeSpace = 1 ] } ]
]`);

describe('anyMatch()', () => {
  // corpus 24_glite-32078-hash-comment-anymatch.jdl
  const job = ad(`[
    Requirements = RegExp(".manchester.ac.uk:2119.*", other.GlueCEUniqueID) && anyMatch(other.storage.CloseSEs, target.GlueSEStatus == "unset");
    MinSpace = 100;
  ]`);

  it('is true when some close SE satisfies the requirement, as in a real gLite JDL', () => {
    expect(formatValue(evaluateAttribute(job, 'Requirements', { other: computingElement }))).toBe('true');
  });

  it('is false when no close SE does', () => {
    expect(formatValue(evaluateAttribute(job, 'Requirements', { other: busyElement }))).toBe('false');
  });

  it('evaluates the element`s attributes in the element`s own ad, which sees the CE around it', () => {
    // se02's GlueSEStatus is DefaultStatus, an attribute of the CE ad the SE list is nested in.
    expect(show('anyMatch(other.storage.CloseSEs, other.GlueSEStatus == "unset")', { my: job, other: computingElement })).toBe('true');
  });

  it('resolves unscoped names in the element first', () => {
    expect(show('anyMatch(other.storage.CloseSEs, GlueSEStatus == "unset")', { my: job, other: computingElement })).toBe('true');
    expect(show('anyMatch(other.storage.CloseSEs, GlueSEUniqueID == "se01.manchester.ac.uk")', { my: job, other: computingElement })).toBe(
      'true',
    );
  });

  it('falls back to the ad holding the call for names the element lacks, and keeps my. there', () => {
    const context = { my: job, other: computingElement };
    expect(show('anyMatch(other.storage.CloseSEs, FreeSpace >= MinSpace)', context)).toBe('true');
    expect(show('anyMatch(other.storage.CloseSEs, target.FreeSpace >= my.MinSpace * 10)', context)).toBe('false');
  });

  it('counts only boolean true as a match', () => {
    expect(show('anyMatch({[a = 1], [b = 2]}, target.a == 2)')).toBe('false');
    expect(show('anyMatch({[a = 1]}, target.missing)')).toBe('false');
    expect(show('anyMatch({[a = 1]}, 1)')).toBe('false');
  });

  it('is false for an empty list', () => {
    expect(show('anyMatch({}, true)')).toBe('false');
  });

  it('needs a list of ClassAds', () => {
    expect(show('anyMatch({[a = 1], 2}, target.a == 2)')).toBe('error');
    expect(show('anyMatch("se01", true)')).toBe('error');
    expect(show('anyMatch(Missing, true)')).toBe('undefined');
    expect(show('anyMatch({[a = 1]})')).toBe('error');
  });

  it('stops at the first match', () => {
    expect(show('anyMatch({[a = 1], 2}, target.a == 1)')).toBe('true');
  });
});

describe('allMatch()', () => {
  it('is true only when every element satisfies the requirement', () => {
    const context = { my: ad('[x = 1]'), other: computingElement };
    expect(show('allMatch(other.storage.CloseSEs, target.FreeSpace > 5)', context)).toBe('true');
    expect(show('allMatch(other.storage.CloseSEs, target.FreeSpace > 50)', context)).toBe('false');
    expect(show('allMatch({}, false)')).toBe('true');
  });
});

describe('whichMatch()', () => {
  it('gives the matching ads, UNDEFINED when there are none', () => {
    const context = { my: ad('[x = 1]'), other: computingElement };
    expect(show('whichMatch(other.storage.CloseSEs, target.FreeSpace > 50).GlueSEUniqueID', context)).toBe('{ "se02.manchester.ac.uk" }');
    expect(show('size(whichMatch(other.storage.CloseSEs, true))', context)).toBe('2');
    expect(show('whichMatch(other.storage.CloseSEs, false)', context)).toBe('undefined');
  });
});
