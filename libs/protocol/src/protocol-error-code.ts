/**
 * Why a frame was answered with an `error` frame. The connection stays open for all of them; only a
 * flood (more than 100 in a minute) closes it, with 1008.
 */
export const PROTOCOL_ERROR_CODES = [
  /** Not UTF-8 JSON, not a JSON object, or a binary frame. */
  'malformed-frame',
  /** `v` is not this library's `PROTOCOL_VERSION`. */
  'unsupported-version',
  /** `type` names no message this side accepts. */
  'unknown-type',
  /** The message fails its schema; the error message names the JSON path. */
  'invalid-message',
  /** More than `MAX_FRAME_BYTES`. */
  'frame-too-large',
  /** A pilot message before `hello`. */
  'not-hello',
  /** The credential does not allow this. */
  'forbidden',
  /** The server failed; the pilot may send the message again later. */
  'internal',
] as const;

export type ProtocolErrorCode = (typeof PROTOCOL_ERROR_CODES)[number];
