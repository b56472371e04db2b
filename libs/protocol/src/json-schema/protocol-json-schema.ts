import type { TSchema } from 'typebox';
import { PILOT_MESSAGE_SCHEMAS, PILOT_MESSAGE_TYPES } from '../messages/pilot-messages.schema.js';
import { SERVER_MESSAGE_SCHEMAS, SERVER_MESSAGE_TYPES } from '../messages/server-messages.schema.js';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../protocol-limits.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * The whole protocol as one JSON Schema (2020-12) document, for readers and for pilots written in
 * other languages: one `$defs` entry per message type, `pilotMessage` and `serverMessage` as the
 * `oneOf` of each side, and the document itself accepting a message of either side. Keys are sorted
 * at every level so that a change to a schema is a small diff of the checked-in file.
 */
export function protocolJsonSchema(): JsonObject {
  const defs: JsonObject = {};
  const messages: [string, TSchema][] = [...Object.entries(PILOT_MESSAGE_SCHEMAS), ...Object.entries(SERVER_MESSAGE_SCHEMAS)];
  for (const [type, schema] of messages) {
    // Through JSON: the document holds only what JSON Schema says, not TypeBox's own markers.
    defs[type] = JSON.parse(JSON.stringify(schema)) as JsonValue;
  }
  defs['pilotMessage'] = {
    description: 'a message from a pilot to the server',
    oneOf: PILOT_MESSAGE_TYPES.map((type) => ({ $ref: `#/$defs/${type}` })),
  };
  defs['serverMessage'] = {
    description: 'a message from the server to a pilot',
    oneOf: SERVER_MESSAGE_TYPES.map((type) => ({ $ref: `#/$defs/${type}` })),
  };
  return sortKeys({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `Majorana pilot <-> server protocol, version ${PROTOCOL_VERSION}`,
    description: `Each WebSocket text frame is one of these messages, as UTF-8 JSON of at most ${MAX_FRAME_BYTES} bytes. Generated from libs/protocol by \`npm run protocol-schema\`; see libs/protocol/README.md.`,
    $defs: defs,
    oneOf: [{ $ref: '#/$defs/pilotMessage' }, { $ref: '#/$defs/serverMessage' }],
  }) as JsonObject;
}

/** `protocolJsonSchema()` as the text of the checked-in file: two-space indents and a final newline. */
export function protocolJsonSchemaText(): string {
  return `${JSON.stringify(protocolJsonSchema(), null, 2)}\n`;
}

/** A copy with the keys of every object in code-point order (array order is kept: it means something). */
function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const sorted: JsonObject = {};
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys(value[key] as JsonValue);
  }
  return sorted;
}
