/**
 * Deterministic fuzz inputs for the JDL parser and everything built on it (printer, job
 * descriptions): the same seed always yields the same texts, so a failure is reproduced by its
 * seed and index as well as by the text itself.
 *
 * Inputs alternate between random bytes (half decoded as UTF-8, half as latin1, biased towards the
 * characters JDL is made of) and mutations of real JDL files, which get much further into the
 * grammar than noise does.
 */
export function* fuzzInputs(seed: number, count: number, corpus: readonly string[]): Generator<string> {
  const random = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0 || corpus.length === 0) {
      yield randomText(random, i % 4 === 0 ? 'utf8' : 'latin1');
    } else {
      yield mutate(random, random.pick(corpus), corpus);
    }
  }
}

interface SeededRandom {
  /** A whole number in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
}

// Bound once: inside Jest's sandbox every lookup of a global such as Math is slow, and these run
// for every byte generated.
const { floor, imul } = Math;

/** mulberry32: tiny, fast and good enough to drive a fuzzer; Math.random cannot be seeded. */
function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => floor(next() * n);
  return { int, pick: <T>(items: readonly T[]): T => items[int(items.length)] as T };
}

// Each byte is drawn from this table, so a third of the bytes are JDL punctuation, a quarter
// letters, digits or underscores, a tenth whitespace, and the rest anything at all.
const BYTE_TABLE: readonly number[] = [
  ...repeatCodes('[]{}();="\\#/*,.\'=<>!&|?:+-%^~', 4),
  ...repeatCodes('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_', 1),
  ...repeatCodes(' \t\n\r', 8),
  ...Array.from({ length: 256 }, (_, byte) => byte),
];

function repeatCodes(characters: string, times: number): number[] {
  return Array.from({ length: characters.length * times }, (_, i) => characters.charCodeAt(i % characters.length));
}

const UTF8 = new TextDecoder('utf-8');

function randomText(random: SeededRandom, encoding: 'utf8' | 'latin1'): string {
  // Half up to 2000 bytes, half short: short texts are where most refusals happen, and fast.
  const length = random.int(2) === 0 ? random.int(2001) : random.int(65);
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    bytes[i] = BYTE_TABLE[random.int(BYTE_TABLE.length)] as number;
  }
  // latin1 maps every byte to one character; UTF-8 turns invalid sequences into U+FFFD.
  return encoding === 'utf8' ? UTF8.decode(bytes) : String.fromCharCode(...bytes);
}

// Fragments that matter to the grammar: its tokens, escapes, comment markers, line endings,
// scopes, numbers at their edges, DIRAC bare words, and characters outside ASCII.
// prettier-ignore
const TOKENS: readonly string[] = [
  '[', ']', '{', '}', '(', ')', ';', ',', '=', '==', '!=', '=?=', '=!=', ' is ', ' isnt ', ' IS ',
  '<', '<=', '<<', '>>', '>>>', '&&', '||', '&', '|', '^', '!', '~', '-', '+', '*', '/', '%', '?', ':', '?:',
  '"', "'", '\\', '\\"', "\\'", '\\n', '\\0', '\\000', '\\377', '\\400', '\\x', '#', '//', '/*', '*/',
  '\n', '\r\n', '\r', '\t', ' ', '\f', '\v', '\u00a0', '\uFEFF', '\u0000', '\u2028', 'é', 'ν', '😀', '\uD800',
  'my.', 'other.', 'TARGET.', '.', 'a.b', '0', '0x', '0xFF', '1e', '1e3', '1E-5', '.5', '1.', '007', '18446744073709551616',
  'true', 'False', 'UNDEFINED', 'error', 'is', 'isnt', 'x', 'Executable', "'quoted name'", '%(X)s', '%s', '/lhcb/data/f',
  'Executable = "x";', 'A = 1', '[ a = 1; b = 2 ]', '{ 1, "a", }', 'member("x", other.Tags)', 'f(', 'f()', '"a" "b"',
];

// Runs of operators build deep trees without brackets, which the bracket-depth check cannot see.
const OPERATOR_RUNS: readonly string[] = ['!', '-', '+', '~', '- ', '+1', '-x', '&&a', '||1', '.a', '[0]', '? 1 : ', '"x" ', '(', '[', '{'];

const CLOSING: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

function mutate(random: SeededRandom, base: string, corpus: readonly string[]): string {
  let text = base;
  const mutations = 1 + random.int(4);
  for (let m = 0; m < mutations; m++) {
    text = mutateOnce(random, text, corpus);
  }
  return text;
}

function mutateOnce(random: SeededRandom, text: string, corpus: readonly string[]): string {
  const at = random.int(text.length + 1);
  const span = 1 + (random.int(4) === 0 ? random.int(400) : random.int(20));
  switch (random.int(8)) {
    case 0: // insert a token
      return text.slice(0, at) + random.pick(TOKENS) + text.slice(at);
    case 1: // delete a span
      return text.slice(0, at) + text.slice(at + span);
    case 2: // replace a span with a token
      return text.slice(0, at) + random.pick(TOKENS) + text.slice(at + span);
    case 3: {
      // duplicate a span somewhere else
      const to = random.int(text.length + 1);
      return text.slice(0, to) + text.slice(at, at + span) + text.slice(to);
    }
    case 4: {
      // swap two spans
      const [first, second] = [at, random.int(text.length + 1)].sort((a, b) => a - b) as [number, number];
      const length = Math.min(span, second - first);
      return (
        text.slice(0, first) +
        text.slice(second, second + length) +
        text.slice(first + length, second) +
        text.slice(first, first + length) +
        text.slice(second + length)
      );
    }
    case 5: {
      // splice: this file's head on another file's tail
      const other = random.pick(corpus);
      return text.slice(0, at) + other.slice(random.int(other.length + 1));
    }
    case 6: {
      // deep brackets, sometimes closed again
      const open = random.pick(['(', '[', '{', '([{']).repeat(1 + random.int(100));
      const close =
        random.int(2) === 0
          ? ''
          : [...open]
              .reverse()
              .map((bracket) => CLOSING[bracket] ?? '')
              .join('');
      return text.slice(0, at) + open + 'x' + close + text.slice(at);
    }
    default: {
      // a run of one operator, now and then a long one
      const length = 1 + random.int(random.int(8) === 0 ? 500 : 40);
      return text.slice(0, at) + random.pick(OPERATOR_RUNS).repeat(length) + text.slice(at);
    }
  }
}
