import { describe, expect, it } from '@jest/globals';
import { decodePilotFrame, decodeServerFrame } from '../decode/decode-frame.js';
import { STALE_ATTEMPT } from '../messages/server-messages.schema.js';
import { PROTOCOL_ERROR_CODES } from '../protocol-error-code.js';
import { MAX_MESSAGE_LENGTH, MAX_REASON_LENGTH } from '../protocol-limits.js';
import { samplePilotMessages } from '../testing/sample-messages.js';
import { ackFrame, createMessage, encodeMessage, errorFrame } from './encode-message.js';

describe(encodeMessage.name, () => {
  it('writes one line of JSON', () => {
    const text = encodeMessage(samplePilotMessages.heartbeat);
    expect(text).not.toContain('\n{');
    expect(JSON.parse(text)).toEqual(samplePilotMessages.heartbeat);
  });
});

describe(createMessage.name, () => {
  it('fills in the envelope around a payload', () => {
    const { freeSlots, resources } = samplePilotMessages['request-work'];
    const message = createMessage('request-work', 'r-17', { freeSlots, resources });
    expect(message).toEqual({ ...samplePilotMessages['request-work'], id: 'r-17' });
    expect(decodePilotFrame(encodeMessage(message), false)).toEqual({ ok: true, message });
  });
});

describe(errorFrame.name, () => {
  it.each(PROTOCOL_ERROR_CODES)('makes a valid %s error frame', (code) => {
    const frame = errorFrame('s-1', code, 'what went wrong', 'p-4');
    expect(frame).toEqual({ v: 1, type: 'error', id: 's-1', replyTo: 'p-4', code, message: 'what went wrong' });
    expect(decodeServerFrame(encodeMessage(frame), false)).toEqual({ ok: true, message: frame });
  });

  it('cuts a long message so that the frame stays valid, without splitting a character', () => {
    const frame = errorFrame('s-1', 'internal', `${'x'.repeat(MAX_MESSAGE_LENGTH - 2)}😀 and more`, null);
    expect(frame.message).toBe(`${'x'.repeat(MAX_MESSAGE_LENGTH - 2)}…`);
    expect(decodeServerFrame(encodeMessage(frame), false).ok).toBe(true);
  });
});

describe(ackFrame.name, () => {
  it('acknowledges a report without a reason', () => {
    const frame = ackFrame('s-2', 'p-3', 'accepted');
    expect(frame).toEqual({ v: 1, type: 'ack', id: 's-2', replyTo: 'p-3', outcome: 'accepted' });
    expect('reason' in frame).toBe(false);
    expect(decodeServerFrame(encodeMessage(frame), false)).toEqual({ ok: true, message: frame });
  });

  it('refuses a report with its reason, cut to the schema bound', () => {
    expect(ackFrame('s-3', 'p-3', 'refused', STALE_ATTEMPT)).toMatchObject({ outcome: 'refused', reason: 'stale-attempt' });
    const long = ackFrame('s-4', 'p-3', 'refused', 'r'.repeat(1000));
    expect(long.reason).toHaveLength(MAX_REASON_LENGTH);
    expect(decodeServerFrame(encodeMessage(long), false).ok).toBe(true);
    expect(ackFrame('s-5', 'p-3', 'refused', '')).not.toHaveProperty('reason');
  });
});
