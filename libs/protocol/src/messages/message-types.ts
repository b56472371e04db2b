import type { PilotMessage, PilotMessageType } from './pilot-messages.schema.js';
import type { ServerMessage, ServerMessageType } from './server-messages.schema.js';

/** Any message of the protocol, from either side (message types are distinct across the sides). */
export type ProtocolMessage = PilotMessage | ServerMessage;
export type ProtocolMessageType = PilotMessageType | ServerMessageType;

/** The message of one type, from either side. */
export type ProtocolMessageOf<Name extends ProtocolMessageType> = Extract<ProtocolMessage, { type: Name }>;

/** What a message carries besides the envelope `{ v, type, id }`. */
export type MessagePayload<Name extends ProtocolMessageType> = Omit<ProtocolMessageOf<Name>, 'v' | 'type' | 'id'>;
