import { describe, expect, it } from '@jest/globals';
import { decodePilotFrame } from '../decode/decode-frame.js';
import { MAX_ID_LENGTH } from '../protocol-limits.js';
import { samplePilotMessages } from '../testing/sample-messages.js';
import { createRequestIds } from './request-ids.js';

describe(createRequestIds.name, () => {
  it('counts from 1 after the prefix', () => {
    const next = createRequestIds('r');
    expect([next(), next(), next()]).toEqual(['r-1', 'r-2', 'r-3']);
  });

  it('keeps one counter per connection', () => {
    const first = createRequestIds('p');
    const second = createRequestIds('p');
    first();
    first();
    expect(second()).toBe('p-1');
    expect(first()).toBe('p-3');
  });

  it('makes ids the protocol accepts, even with the longest prefix and a huge counter', () => {
    const prefix = 'x'.repeat(MAX_ID_LENGTH - 17);
    const id = `${prefix}-${Number.MAX_SAFE_INTEGER}`;
    expect(id.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
    expect(decodePilotFrame(JSON.stringify({ ...samplePilotMessages.hello, id: createRequestIds(prefix)() }), false).ok).toBe(true);
    expect(decodePilotFrame(JSON.stringify({ ...samplePilotMessages.hello, id }), false).ok).toBe(true);
  });

  it('refuses a prefix that is empty or leaves no room for the counter', () => {
    expect(() => createRequestIds('')).toThrow(RangeError);
    expect(() => createRequestIds('x'.repeat(MAX_ID_LENGTH - 16))).toThrow('a request id prefix must be 1 to 47 characters, got 48');
  });
});
