import { type TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { PILOT_MESSAGE_SCHEMAS, type PilotMessage } from '../messages/pilot-messages.schema.js';
import { SERVER_MESSAGE_SCHEMAS, type ServerMessage } from '../messages/server-messages.schema.js';
import type { ProtocolErrorCode } from '../protocol-error-code.js';
import { MAX_ID_LENGTH, MAX_MESSAGE_LENGTH, PROTOCOL_VERSION } from '../protocol-limits.js';
import { clip } from '../clip-text.js';
import { describeSchemaErrors } from './describe-schema-errors.js';
import { type FrameData, frameText } from './frame-text.js';

/** The error codes decoding can give; the others (`not-hello`, `forbidden`, `internal`) are the server's. */
export type DecodeErrorCode = Extract<
  ProtocolErrorCode,
  'malformed-frame' | 'unsupported-version' | 'unknown-type' | 'invalid-message' | 'frame-too-large'
>;

/** Why a frame was refused: what the `error` frame answering it says. */
export interface FrameError {
  readonly code: DecodeErrorCode;
  /** For a human: what is wrong, naming the JSON path for `invalid-message`. At most `MAX_MESSAGE_LENGTH`. */
  readonly message: string;
  /** The frame's `id` when it had a valid one, so the sender can tell which request failed. */
  readonly replyTo: string | null;
}

export type DecodeResult<Message> = { readonly ok: true; readonly message: Message } | { readonly ok: false; readonly error: FrameError };

/** A decoder of one side's frames. It never throws: every bad frame is a `FrameError`. */
export type FrameDecoder<Message> = (data: FrameData, isBinary: boolean) => DecodeResult<Message>;

// Compiled once, at module load: compiling takes milliseconds, checking a frame microseconds.
const pilotFrames = frameDecoder<PilotMessage>(PILOT_MESSAGE_SCHEMAS, 'pilot');
const serverFrames = frameDecoder<ServerMessage>(SERVER_MESSAGE_SCHEMAS, 'server');

/** Decodes a frame the server received from a pilot. Never throws. */
export function decodePilotFrame(data: FrameData, isBinary: boolean): DecodeResult<PilotMessage> {
  return pilotFrames(data, isBinary);
}

/** Decodes a frame the pilot received from the server. Never throws. */
export function decodeServerFrame(data: FrameData, isBinary: boolean): DecodeResult<ServerMessage> {
  return serverFrames(data, isBinary);
}

/**
 * Builds a decoder over one schema per message type, compiled once here: each frame is checked
 * against the one schema its `type` names, not against the whole union, which is faster and gives
 * errors about the right message.
 */
function frameDecoder<Message>(schemas: Readonly<Record<string, TSchema>>, sender: string): FrameDecoder<Message> {
  const validators = new Map<string, Validator>(Object.entries(schemas).map(([type, schema]) => [type, Compile(schema)]));
  const knownTypes = [...validators.keys()].join(', ');

  return (data, isBinary) => {
    if (isBinary) {
      return refused('malformed-frame', 'binary frames are refused: send each message as one UTF-8 JSON text frame', null);
    }
    const text = frameText(data);
    if (!text.ok) {
      return refused(text.code, text.message, null);
    }
    let value: unknown;
    try {
      value = JSON.parse(text.text);
    } catch {
      return refused('malformed-frame', 'the frame is not JSON', null);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return refused('malformed-frame', `the frame is ${kindOf(value)}, not a JSON object`, null);
    }
    const frame = value as Readonly<Record<string, unknown>>;
    const replyTo = validId(frame['id']);
    if (frame['v'] !== PROTOCOL_VERSION) {
      return frame['v'] === undefined
        ? refused('invalid-message', `/v is required (the protocol version, ${PROTOCOL_VERSION})`, replyTo)
        : refused(
            'unsupported-version',
            `protocol version ${shortly(frame['v'])} is not supported; this side speaks ${PROTOCOL_VERSION}`,
            replyTo,
          );
    }
    const type = frame['type'];
    if (typeof type !== 'string') {
      return refused('invalid-message', '/type is required and must be a string', replyTo);
    }
    const validator = validators.get(type);
    if (validator === undefined) {
      return refused('unknown-type', `unknown message type ${shortly(type)} from a ${sender}; expected one of ${knownTypes}`, replyTo);
    }
    if (!validator.Check(frame)) {
      return refused('invalid-message', `invalid ${type}: ${describeSchemaErrors(validator.Errors(frame))}`, replyTo);
    }
    // The schema of `type` accepted it, so it is that member of the union.
    return { ok: true, message: frame as Message };
  };
}

function refused(code: DecodeErrorCode, message: string, replyTo: string | null): DecodeResult<never> {
  return { ok: false, error: { code, message: clip(message, MAX_MESSAGE_LENGTH), replyTo } };
}

/** An id worth echoing: one that fits in the `replyTo` of an error frame. */
function validId(id: unknown): string | null {
  return typeof id === 'string' && id.length >= 1 && id.length <= MAX_ID_LENGTH ? id : null;
}

function kindOf(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A value quoted in an error message, cut short: the sender chose it and it may be huge. */
function shortly(value: unknown): string {
  const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? JSON.stringify(value) : kindOf(value);
  return clip(text, 80);
}
