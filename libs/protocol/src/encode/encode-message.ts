import { clip } from '../clip-text.js';
import type { MessagePayload, ProtocolMessage, ProtocolMessageOf, ProtocolMessageType } from '../messages/message-types.js';
import type { AckMessage, AckOutcome, ErrorMessage } from '../messages/server-messages.schema.js';
import type { ProtocolErrorCode } from '../protocol-error-code.js';
import { MAX_MESSAGE_LENGTH, MAX_REASON_LENGTH, PROTOCOL_VERSION } from '../protocol-limits.js';

/** The text frame of a message. It does not validate: the types do, and the receiver checks anyway. */
export function encodeMessage(message: ProtocolMessage): string {
  return JSON.stringify(message);
}

/**
 * A message of the given type with the envelope filled in:
 * `createMessage('request-work', nextId(), { freeSlots: 1, resources })`.
 */
export function createMessage<Name extends ProtocolMessageType>(
  type: Name,
  id: string,
  payload: MessagePayload<Name>,
): ProtocolMessageOf<Name> {
  return { v: PROTOCOL_VERSION, type, id, ...payload } as ProtocolMessageOf<Name>;
}

/**
 * An `error` frame answering `replyTo` (null when the frame had no readable id). A longer message is
 * cut to `MAX_MESSAGE_LENGTH` so that the frame stays valid.
 */
export function errorFrame(id: string, code: ProtocolErrorCode, message: string, replyTo: string | null): ErrorMessage {
  return { v: PROTOCOL_VERSION, type: 'error', id, replyTo, code, message: clip(message, MAX_MESSAGE_LENGTH) };
}

/** An `ack` of a report; a refusal says why (e.g. `STALE_ATTEMPT`). An empty reason is left out. */
export function ackFrame(id: string, replyTo: string, outcome: AckOutcome, reason?: string): AckMessage {
  return reason === undefined || reason === ''
    ? { v: PROTOCOL_VERSION, type: 'ack', id, replyTo, outcome }
    : { v: PROTOCOL_VERSION, type: 'ack', id, replyTo, outcome, reason: clip(reason, MAX_REASON_LENGTH) };
}
