import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { JdlDocument } from '../ast/classad-ast.js';
import { JdlError } from '../errors/jdl.error.js';
import { toJobDescription } from '../job/to-job-description.js';
import { expandParametric } from '../parametric/expand-parametric.js';
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

/** One input broke the contract; carries it so that it can be checked again with stack traces. */
class FuzzFailure extends Error {
  constructor(
    readonly index: number,
    readonly input: string,
    cause: unknown,
  ) {
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`fuzz input #${index} (seed ${SEED}) failed with ${what}\ninput: ${JSON.stringify(input)}`, { cause });
    this.name = 'FuzzFailure';
  }
}

/**
 * Parses one input and checks the parser's contract: a document, or a JdlError that says where;
 * a document's jobs expand and validate, or fail with a located JdlError.
 * A document must print to text that parses again and prints the same (the printer's canonical
 * form is a fixed point). Throws a {@link FuzzFailure} on anything else.
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
    checkJobLayer(document);
    const printed = printJdl(document.ad);
    const reprinted = printJdl(parseJdl(printed, { fileName: 'printed.jdl', maxDepth: PRINTED_MAX_DEPTH }).ad);
    if (reprinted !== printed) {
      throw new Error(`printing the re-parsed document gives different text:\n${printed}\n---\n${reprinted}`);
    }
    return 'parsed';
  } catch (error) {
    throw new FuzzFailure(index, input, error);
  }
}

/** Expansion and validation of a parsed document: jobs, or a located JdlError, never anything else. */
function checkJobLayer(document: JdlDocument): void {
  try {
    // A small job limit keeps fuzzed `Parameters = 99999` cheap; the limit's own error is a JdlError too.
    for (const job of expandParametric(document, { maxJobs: 20 })) {
      toJobDescription(job);
    }
  } catch (error) {
    if (!(error instanceof JdlError)) {
      throw error;
    }
    if (!LOCATED_MESSAGE.test(error.format())) {
      throw new Error(`JdlError.format() has no FILE:LINE:COL: position: ${JSON.stringify(error.format())}`);
    }
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
    // Most inputs are refused, and every refusal builds two errors deep in the parser's recursion:
    // without stack traces the run takes a fifth less time. A failing input is checked again with
    // them, so that its report shows where it broke.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      runFuzzLoop();
    } catch (error) {
      Error.stackTraceLimit = stackTraceLimit;
      if (error instanceof FuzzFailure) {
        checkInput(error.input, error.index);
      }
      throw error;
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }, 120_000);

  // Found while writing the fuzzer, then fixed: each used to escape as a RangeError or an Infinity.
  describe('inputs that once escaped as something other than a JdlError', () => {
    it('refuses a sum of 50,000 terms with a JdlError', () => {
      expect(() => parseJdl(`A = ${'1 + '.repeat(50_000)}1;`)).toThrow(JdlError);
    });

    it('refuses a path of 50,000 selections with a JdlError', () => {
      expect(() => parseExpression(`a${'.b'.repeat(50_000)}`)).toThrow(JdlError);
    });

    it('refuses a number too large for a double instead of reading it as Infinity', () => {
      expect(() => parseExpression('1e999')).toThrow(JdlError);
      expect(() => parseExpression('9'.repeat(400))).toThrow(JdlError);
      expect(() => parseExpression(`0x${'f'.repeat(300)}`)).toThrow(JdlError);
    });

    it('refuses a NUL character anywhere, raw or escaped', () => {
      expect(() => parseJdl('A = "a\u0000b";')).toThrow(/NUL/);
      expect(() => parseJdl("'a\u0000' = 1;")).toThrow(/NUL/);
      expect(() => parseJdl('A = "a\\000b";')).toThrow(/NUL/);
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
