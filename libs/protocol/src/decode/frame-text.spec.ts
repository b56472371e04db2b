import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { frameText, utf8ByteLengthExceeds } from './frame-text.js';

describe(utf8ByteLengthExceeds.name, () => {
  it('agrees with the UTF-8 byte length of any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), fc.nat(200), (text, limit) => {
        expect(utf8ByteLengthExceeds(text, limit)).toBe(Buffer.byteLength(text, 'utf8') > limit);
      }),
      { seed: 7, numRuns: 5_000 },
    );
  });

  it('counts 1, 2, 3 and 4-byte characters', () => {
    expect(utf8ByteLengthExceeds('a'.repeat(10), 9)).toBe(true);
    expect(utf8ByteLengthExceeds('é'.repeat(5), 10)).toBe(false);
    expect(utf8ByteLengthExceeds('é'.repeat(5), 9)).toBe(true);
    expect(utf8ByteLengthExceeds('✓'.repeat(4), 12)).toBe(false);
    expect(utf8ByteLengthExceeds('✓'.repeat(4), 11)).toBe(true);
    expect(utf8ByteLengthExceeds('😀'.repeat(3), 12)).toBe(false);
    expect(utf8ByteLengthExceeds('😀'.repeat(3), 11)).toBe(true);
  });
});

describe(frameText.name, () => {
  it('joins fragments before decoding, so a character split across them survives', () => {
    const bytes = Buffer.from('"ü"');
    expect(frameText([bytes.subarray(0, 2), bytes.subarray(2)])).toEqual({ ok: true, text: '"ü"' });
  });

  it('refuses a byte sequence that stops in the middle of a character', () => {
    expect(frameText(Buffer.from('"ü"').subarray(0, 2))).toMatchObject({ ok: false, code: 'malformed-frame' });
  });
});
