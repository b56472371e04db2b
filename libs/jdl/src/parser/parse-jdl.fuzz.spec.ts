import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { JdlError } from '../errors/jdl.error.js';
import { printJdl } from '../printer/print-jdl.js';
import { fuzzInputs } from './fuzz-inputs.js';
import { DEFAULT_MAX_JDL_DEPTH, parseExpression, parseJdl } from './parse-jdl.js';

// Fixed so that every run checks the same inputs; a failure names its index and prints its text.
const SEED = 0x4a444c; // "JDL"
const INPUT_COUNT = 100_000;
// One input this slow means the grammar backtracks exponentially somewhere (a user could stall
// the server with it); typical inputs take a fraction of a millisecond.
const SLOW_INPUT_MS = 1_000;
// The printed text may nest deeper than the input: it adds the [ ] a bracketless file leaves out,
// and writes `1 .x` as `(1).x`.
const PRINTED_MAX_DEPTH = DEFAULT_MAX_JDL_DEPTH + 2;

const CORPUS_DIR = join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'jdl-corpus');
const corpus = readdirSync(CORPUS_DIR)
  .filter((name) => name.endsWith('.jdl'))
  .sort()
  .map((name) => readFileSync(join(CORPUS_DIR, name), 'utf8'));

// What JdlError.format() starts with: FILE:LINE:COL: reason.
const LOCATED_MESSAGE = /^fuzz\.jdl:\d+:\d+: \S/;

type Outcome = 'parsed' | 'refused';

/**
 * Parses one input and checks the parser's contract: a document, or a JdlError that says where.
 * A document must print to text that parses again and prints the same (the printer's canonical
 * form is a fixed point). Throws, naming the input, on anything else.
 */
function checkInput(input: string, index: number): Outcome {
  try {
    let document;
    try {
      document = parseJdl(input, { fileName: 'fuzz.jdl' });
    } catch (error) {
      if (!(error instanceof JdlError)) {
        throw error;
      }
      const formatted = error.format();
      if (!LOCATED_MESSAGE.test(formatted)) {
        throw new Error(`JdlError.format() has no FILE:LINE:COL: position: ${JSON.stringify(formatted)}`);
      }
      return 'refused';
    }
    const printed = printJdl(document.ad);
    const reprinted = printJdl(parseJdl(printed, { fileName: 'printed.jdl', maxDepth: PRINTED_MAX_DEPTH }).ad);
    if (reprinted !== printed) {
      throw new Error(`printing the re-parsed document gives different text:\n${printed}\n---\n${reprinted}`);
    }
    return 'parsed';
  } catch (error) {
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new Error(`fuzz input #${index} (seed ${SEED}) failed with ${what}\ninput: ${JSON.stringify(input)}`, { cause: error });
  }
}

function runFuzzLoop(): void {
  const counts: Record<Outcome, number> = { parsed: 0, refused: 0 };
  let slowest = { ms: 0, index: -1, input: '' };
  let index = 0;
  for (const input of fuzzInputs(SEED, INPUT_COUNT, corpus)) {
    const started = performance.now();
    counts[checkInput(input, index)]++;
    const ms = performance.now() - started;
    if (ms > slowest.ms) {
      slowest = { ms, index, input };
    }
    index++;
  }
  expect(index).toBe(INPUT_COUNT);
  // Mutations of real files must often get past the first token, or the fuzzer tests little.
  expect(counts.parsed).toBeGreaterThan(INPUT_COUNT / 50);
  if (slowest.ms > SLOW_INPUT_MS) {
    throw new Error(`fuzz input #${slowest.index} took ${Math.round(slowest.ms)} ms: ${JSON.stringify(slowest.input)}`);
  }
}

describe(`${parseJdl.name} (fuzzed)`, () => {
  it(`parses or refuses with a located JdlError each of ${INPUT_COUNT} random and mutated texts, and prints what it parses back to the same text`, () => {
    // Jest raises the stack-trace limit to 100 frames, and most inputs are refused: capturing
    // that many frames of the parser's recursion for every refusal made the run 10-30% slower.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      runFuzzLoop();
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }, 120_000);

  // Found while writing the fuzzer; each is pinned as a failing test so that it is not forgotten,
  // and turns red (drop `.failing`) once the parser is fixed.
  describe('known parser bugs', () => {
    it.failing('refuses a sum of 5,000 terms with a JdlError (today: RangeError from forEachClassAd)', () => {
      expect(() => parseJdl(`A = ${'1 + '.repeat(5_000)}1;`)).toThrow(JdlError);
    });

    it.failing('refuses a path of 5,000 selections with a JdlError (today: RangeError from forEachClassAd)', () => {
      expect(() => parseExpression(`a${'.b'.repeat(5_000)}`)).toThrow(JdlError);
    });

    it.failing('refuses a number too large for a double instead of reading it as Infinity', () => {
      expect(() => parseExpression('1e999')).toThrow(JdlError);
    });
  });
});

describe(fuzzInputs.name, () => {
  it('yields the same inputs for the same seed and others for another seed', () => {
    const take = (seed: number): string[] => [...fuzzInputs(seed, 50, corpus)];
    expect(take(7)).toEqual(take(7));
    expect(take(8)).not.toEqual(take(7));
  });

  it('alternates random texts of up to 2000 characters with mutations of the corpus', () => {
    const inputs = [...fuzzInputs(SEED, 2_000, ['[ MARKER = 1 ]'])];
    expect(inputs).toHaveLength(2_000);
    expect(Math.max(...inputs.filter((_, i) => i % 2 === 0).map((input) => input.length))).toBeLessThanOrEqual(2_000);
    expect(inputs.filter((input, i) => i % 2 === 1 && input.includes('MARKER')).length).toBeGreaterThan(250);
  });
});
