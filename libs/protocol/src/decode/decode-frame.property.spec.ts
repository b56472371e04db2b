import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Compile } from 'typebox/compile';
import { PilotMessageSchema } from '../messages/pilot-messages.schema.js';
import { ServerMessageSchema } from '../messages/server-messages.schema.js';
import { PROTOCOL_ERROR_CODES } from '../protocol-error-code.js';
import { MAX_ID_LENGTH, MAX_MESSAGE_LENGTH } from '../protocol-limits.js';
import { samplePilotMessages, sampleServerMessages } from '../testing/sample-messages.js';
import { type DecodeResult, decodePilotFrame, decodeServerFrame } from './decode-frame.js';

// Fixed seed: every run checks the same inputs, and a failure can be replayed.
const SEED = 0x70726f74; // "prot"
const RUNS = 1_000;

// The union schemas, compiled apart from the decoder's per-type table: a decoded message must pass them too.
const pilotUnion = Compile(PilotMessageSchema);
const serverUnion = Compile(ServerMessageSchema);

/**
 * What every result must look like, whatever the input: a message of the side, or an error an
 * `error` frame can carry. (A boolean, not expect(): fast-check reports the input that gave false.)
 */
function wellFormed(result: DecodeResult<unknown>, union: { Check(value: unknown): boolean }): boolean {
  if (result.ok) {
    return union.Check(result.message);
  }
  const { code, message, replyTo } = result.error;
  return (
    PROTOCOL_ERROR_CODES.includes(code) &&
    message.length > 0 &&
    message.length <= MAX_MESSAGE_LENGTH &&
    (replyTo === null || (replyTo.length >= 1 && replyTo.length <= MAX_ID_LENGTH))
  );
}

/** A sample message with one field (maybe nested) replaced by arbitrary JSON, or removed, or one added. */
const mutatedMessage = (samples: readonly object[]) =>
  fc
    .tuple(fc.constantFrom(...samples), fc.nat(), fc.jsonValue(), fc.constantFrom('replace', 'remove', 'add'))
    .map(([sample, pick, value, how]) => {
      const copy = JSON.parse(JSON.stringify(sample)) as Record<string, unknown>;
      // Walk into a nested object or array now and then, so that payload fields get mutated too.
      let target: Record<string, unknown> = copy;
      for (let depth = 0; depth < 3; depth++) {
        const keys = Object.keys(target);
        const key = keys[(pick >> depth) % keys.length]!;
        const inner = target[key];
        if (inner === null || typeof inner !== 'object' || (pick >> (depth + 4)) % 2 === 0) {
          break;
        }
        target = inner as Record<string, unknown>;
      }
      const keys = Object.keys(target);
      const key = keys.length === 0 ? 'extra' : keys[pick % keys.length]!;
      if (how === 'remove') {
        delete target[key];
      } else {
        target[how === 'add' ? `extra${pick}` : key] = value;
      }
      return JSON.stringify(copy);
    });

describe('decoding arbitrary frames', () => {
  const decoders = [
    ['decodePilotFrame', decodePilotFrame, pilotUnion, Object.values(samplePilotMessages)],
    ['decodeServerFrame', decodeServerFrame, serverUnion, Object.values(sampleServerMessages)],
  ] as const;

  describe.each(decoders)('%s', (_name, decode, union, samples) => {
    it('never throws on arbitrary text', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => wellFormed(decode(text, false), union)),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it('never throws on arbitrary JSON', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => wellFormed(decode(JSON.stringify(value) ?? 'null', false), union)),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it('never throws on arbitrary bytes, text or binary', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, isBinary) => wellFormed(decode(bytes, isBinary), union)),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it('accepts a mutated message only when it still fits the schema of the whole side', () => {
      const codes = new Map<string, number>();
      fc.assert(
        fc.property(mutatedMessage(samples), (text) => {
          const result = decode(text, false);
          const outcome = result.ok ? 'accepted' : result.error.code;
          codes.set(outcome, (codes.get(outcome) ?? 0) + 1);
          return wellFormed(result, union);
        }),
        { seed: SEED, numRuns: RUNS },
      );
      // The mutations reach both sides of the schema, or the property proves little.
      expect(codes.get('accepted')).toBeGreaterThan(RUNS / 100);
      expect(codes.get('invalid-message')).toBeGreaterThan(RUNS / 10);
    });
  });
});
