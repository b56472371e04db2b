import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { ClassAdExpr } from '../ast/classad-ast.js';
import { JdlError } from '../errors/jdl.error.js';
import { fuzzInputs } from '../parser/fuzz-inputs.js';
import { parseJdl } from '../parser/parse-jdl.js';
import { formatValue } from './classad-value.js';
import { evaluateAttribute } from './evaluate.js';
import { rank, symmetricMatch } from './match.js';

// Fixed so that every run checks the same inputs.
const SEED = 0x45564c; // "EVL"
const INPUT_COUNT = Number(process.env.FUZZ_N ?? 3_000);

const CORPUS_DIR = join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'jdl-corpus');
const corpus = readdirSync(CORPUS_DIR)
  .filter((name) => name.endsWith('.jdl'))
  .sort()
  .map((name) => readFileSync(join(CORPUS_DIR, name), 'utf8'));

function parseOrNull(text: string): ClassAdExpr | null {
  try {
    return parseJdl(text).ad;
  } catch (error) {
    if (error instanceof JdlError) {
      return null;
    }
    throw error;
  }
}

/** Evaluates everything the matcher would: every attribute, both ways, the match and the rank. */
function evaluateEverything(ad: ClassAdExpr, other: ClassAdExpr): number {
  let evaluated = 0;
  for (const attribute of ad.attributes) {
    formatValue(evaluateAttribute(ad, attribute.name, { other, now: () => 0, random: () => 0.5 }));
    formatValue(evaluateAttribute(ad, attribute.name));
    evaluated++;
  }
  const match = symmetricMatch(ad, other);
  formatValue(match.jobRequirements);
  formatValue(match.resourceRequirements);
  rank(ad, other);
  return evaluated;
}

describe('evaluation of arbitrary parsed JDL', () => {
  it('never throws on the JDL corpus, matched against itself and each other', () => {
    const ads = corpus.map(parseOrNull).filter((ad): ad is ClassAdExpr => ad !== null);
    expect(ads.length).toBeGreaterThan(30);
    let evaluated = 0;
    for (const ad of ads) {
      for (const other of ads) {
        evaluated += evaluateEverything(ad, other);
      }
    }
    expect(evaluated).toBeGreaterThan(1000);
  });

  it(`never throws on ${INPUT_COUNT} fuzzed inputs that parse`, () => {
    let index = 0;
    for (const input of fuzzInputs(SEED, INPUT_COUNT, corpus)) {
      const ad = parseOrNull(input);
      if (ad) {
        try {
          evaluateEverything(ad, ad);
        } catch (error) {
          throw new Error(`input ${index} threw ${String(error)}:\n${input}`);
        }
      }
      index++;
    }
  });
});
