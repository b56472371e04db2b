import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Check } from 'typebox/schema';
import { PILOT_MESSAGE_SCHEMAS, PILOT_MESSAGE_TYPES } from '../messages/pilot-messages.schema.js';
import { SERVER_MESSAGE_SCHEMAS, SERVER_MESSAGE_TYPES } from '../messages/server-messages.schema.js';
import { samplePilotMessages, sampleServerMessages } from '../testing/sample-messages.js';
import { protocolJsonSchema, protocolJsonSchemaText } from './protocol-json-schema.js';

const LIB_DIR = join(import.meta.dirname, '..', '..');

/** The message types in the first column of the README table under `heading`. */
function readmeTypes(heading: string): string[] {
  const readme = readFileSync(join(LIB_DIR, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith(heading));
  if (section === undefined) {
    throw new Error(`README.md has no section "${heading}"`);
  }
  return [...section.matchAll(/^\| `([a-z-]+)` \|/gm)].map((match) => match[1]!);
}

describe(protocolJsonSchema.name, () => {
  it('matches the checked-in protocol.schema.json (run `npm run protocol-schema` after changing a message)', () => {
    const checkedIn = readFileSync(join(LIB_DIR, 'protocol.schema.json'), 'utf8');
    // Compared after parsing (key order included): Prettier may lay the file out differently.
    expect(`${JSON.stringify(JSON.parse(checkedIn), null, 2)}\n`).toBe(protocolJsonSchemaText());
  });

  it('has a $defs entry for every message type and one oneOf per side', () => {
    const document = protocolJsonSchema() as { $defs: Record<string, { oneOf?: { $ref: string }[] }> };
    const refs = (name: string) => document.$defs[name]?.oneOf?.map((entry) => entry.$ref.replace('#/$defs/', ''));
    expect(refs('pilotMessage')).toEqual([...PILOT_MESSAGE_TYPES]);
    expect(refs('serverMessage')).toEqual([...SERVER_MESSAGE_TYPES]);
    expect(Object.keys(document.$defs).sort()).toEqual(
      [...PILOT_MESSAGE_TYPES, ...SERVER_MESSAGE_TYPES, 'pilotMessage', 'serverMessage'].sort(),
    );
  });

  it('accepts every sample message and refuses a broken one, read as plain JSON Schema', () => {
    // The checked-in file, checked by TypeBox's JSON Schema engine: what a pilot in another language sees.
    const document = JSON.parse(readFileSync(join(LIB_DIR, 'protocol.schema.json'), 'utf8')) as Record<string, unknown>;
    for (const message of [...Object.values(samplePilotMessages), ...Object.values(sampleServerMessages)]) {
      expect([message.type, Check(document, message)]).toEqual([message.type, true]);
    }
    expect(Check(document, { ...samplePilotMessages.hello, v: 2 })).toBe(false);
    expect(Check(document, { ...sampleServerMessages.kill, extra: true })).toBe(false);
  });

  it('sorts the keys of every object', () => {
    const unsorted: string[] = [];
    const visit = (value: unknown, path: string) => {
      if (Array.isArray(value)) {
        value.forEach((item, i) => visit(item, `${path}/${i}`));
      } else if (value !== null && typeof value === 'object') {
        const keys = Object.keys(value);
        if (keys.join('\0') !== [...keys].sort().join('\0')) {
          unsorted.push(path);
        }
        keys.forEach((key) => visit((value as Record<string, unknown>)[key], `${path}/${key}`));
      }
    };
    visit(protocolJsonSchema(), '');
    expect(unsorted).toEqual([]);
  });
});

describe('README.md', () => {
  it('has a row for every pilot message type, and a schema for every row', () => {
    expect(readmeTypes('Pilot → server').sort()).toEqual(Object.keys(PILOT_MESSAGE_SCHEMAS).sort());
  });

  it('has a row for every server message type, and a schema for every row', () => {
    expect(readmeTypes('Server → pilot').sort()).toEqual(Object.keys(SERVER_MESSAGE_SCHEMAS).sort());
  });

  it('has a sample of every message type for tests', () => {
    expect(Object.keys(samplePilotMessages).sort()).toEqual([...PILOT_MESSAGE_TYPES].sort());
    expect(Object.keys(sampleServerMessages).sort()).toEqual([...SERVER_MESSAGE_TYPES].sort());
  });
});
