import { MAX_FRAME_BYTES } from '../protocol-limits.js';

/**
 * One WebSocket message as a socket library hands it over: `ws` gives a Buffer (a Uint8Array), an
 * ArrayBuffer or, for a fragmented message, a list of Buffers, depending on its `binaryType`.
 */
export type FrameData = string | Uint8Array | ArrayBuffer | readonly Uint8Array[];

export type FrameText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly code: 'frame-too-large' | 'malformed-frame'; readonly message: string };

// fatal: invalid UTF-8 is an error, not a string of U+FFFD that might still parse as JSON.
const utf8 = new TextDecoder('utf-8', { fatal: true });

const TOO_LARGE: FrameText = {
  ok: false,
  code: 'frame-too-large',
  message: `the frame is larger than ${MAX_FRAME_BYTES} bytes; sandboxes and big outputs go over HTTP`,
};

/** The text of a frame, refused when it is over `MAX_FRAME_BYTES` of UTF-8 or not UTF-8 at all. */
export function frameText(data: FrameData): FrameText {
  if (typeof data === 'string') {
    return utf8ByteLengthExceeds(data, MAX_FRAME_BYTES) ? TOO_LARGE : { ok: true, text: data };
  }
  const bytes = frameBytes(data);
  if (bytes === undefined) {
    return TOO_LARGE;
  }
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    return { ok: false, code: 'malformed-frame', message: 'the frame is not valid UTF-8' };
  }
}

/** The bytes of a frame, or undefined when there are more than `MAX_FRAME_BYTES` (checked before copying). */
function frameBytes(data: Uint8Array | ArrayBuffer | readonly Uint8Array[]): Uint8Array | ArrayBuffer | undefined {
  if (!Array.isArray(data)) {
    // ArrayBuffer.isView rather than instanceof: a Buffer made in another realm (a Jest sandbox, a
    // worker) is not an instance of this realm's Uint8Array.
    const single = data as Uint8Array | ArrayBuffer;
    return single.byteLength > MAX_FRAME_BYTES ? undefined : single;
  }
  const fragments = data as readonly Uint8Array[];
  let total = 0;
  for (const fragment of fragments) {
    total += fragment.byteLength;
  }
  if (total > MAX_FRAME_BYTES) {
    return undefined;
  }
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const fragment of fragments) {
    joined.set(fragment, offset);
    offset += fragment.byteLength;
  }
  return joined;
}

/**
 * Whether `text` takes more than `limit` bytes in UTF-8, without encoding it: most frames are decided
 * by their length alone (a UTF-16 unit is 1 to 3 bytes), the rest by counting.
 */
export function utf8ByteLengthExceeds(text: string, limit: number): boolean {
  if (text.length * 3 <= limit) {
    return false;
  }
  if (text.length > limit) {
    return true;
  }
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      bytes += 1;
    } else if (unit < 0x800) {
      bytes += 2;
    } else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4; // a surrogate pair is one code point of 4 bytes
      i++;
    } else {
      bytes += 3; // the rest of the BMP, and lone surrogates (sent as U+FFFD)
    }
    if (bytes > limit) {
      return true;
    }
  }
  return false;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
