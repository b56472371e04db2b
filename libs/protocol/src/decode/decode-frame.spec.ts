import { describe, expect, it } from '@jest/globals';
import { encodeMessage } from '../encode/encode-message.js';
import type { PilotMessage } from '../messages/pilot-messages.schema.js';
import { MAX_FRAME_BYTES, MAX_JOBS_PER_FRAME, MAX_MESSAGE_LENGTH, MAX_STDOUT_TAIL_LENGTH, MAX_TAGS } from '../protocol-limits.js';
import { samplePilotMessages, sampleServerMessages } from '../testing/sample-messages.js';
import { type DecodeResult, decodePilotFrame, decodeServerFrame, type FrameError } from './decode-frame.js';

const hello = samplePilotMessages.hello;
const heartbeat = samplePilotMessages.heartbeat;
const finished = samplePilotMessages['job-finished'];

/** The error of a refused frame; fails the test when the frame was accepted. */
function refusal<M>(result: DecodeResult<M>): FrameError {
  if (result.ok) {
    throw new Error(`expected a refusal, got ${JSON.stringify(result.message)}`);
  }
  return result.error;
}

function decodePilotJson(value: unknown): DecodeResult<PilotMessage> {
  return decodePilotFrame(JSON.stringify(value), false);
}

describe(decodePilotFrame.name, () => {
  describe('round trips', () => {
    it.each(Object.values(samplePilotMessages).map((message) => [message.type, message] as const))(
      'decodes an encoded %s to an equal message',
      (_type, message) => {
        expect(decodePilotFrame(encodeMessage(message), false)).toEqual({ ok: true, message });
      },
    );

    it('decodes the frame as ws hands it over: a Buffer, an ArrayBuffer or fragments', () => {
      const bytes = Buffer.from(encodeMessage(heartbeat), 'utf8');
      const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const fragments = [bytes.subarray(0, 7), bytes.subarray(7, 40), bytes.subarray(40)];
      for (const data of [bytes, arrayBuffer, fragments, new Uint8Array(bytes)]) {
        expect(decodePilotFrame(data, false)).toEqual({ ok: true, message: heartbeat });
      }
    });

    it('accepts a pilot-level heartbeat with no jobs and a job-finished without exit code or sandbox', () => {
      expect(decodePilotJson({ ...heartbeat, jobs: [] }).ok).toBe(true);
      expect(decodePilotJson({ ...finished, status: 'Failed', exitCode: null, outputSandbox: null }).ok).toBe(true);
    });

    it('accepts the largest values the limits allow', () => {
      const usage = { ...heartbeat.jobs[0]!, stdoutTail: 'x'.repeat(MAX_STDOUT_TAIL_LENGTH) };
      expect(decodePilotJson({ ...heartbeat, jobs: [usage] }).ok).toBe(true);
      const tags = Array.from({ length: MAX_TAGS }, (_, i) => `tag-${i}`);
      expect(decodePilotJson({ ...hello, resources: { ...hello.resources, tags } }).ok).toBe(true);
      expect(decodePilotJson({ ...hello, id: 'i'.repeat(64) }).ok).toBe(true);
    });
  });

  describe('malformed frames', () => {
    it('refuses a binary frame even when it holds a valid message', () => {
      expect(refusal(decodePilotFrame(Buffer.from(encodeMessage(hello)), true))).toEqual({
        code: 'malformed-frame',
        message: expect.stringContaining('binary frames are refused'),
        replyTo: null,
      });
    });

    it('refuses bytes that are not UTF-8', () => {
      const bytes = Buffer.concat([Buffer.from('{"v":1,"type":"hello","id":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
      expect(refusal(decodePilotFrame(bytes, false))).toEqual({
        code: 'malformed-frame',
        message: 'the frame is not valid UTF-8',
        replyTo: null,
      });
    });

    it.each(['', '{', 'hello', '{"v":1,}', "{'v':1}", 'NaN'])('refuses %j, which is not JSON', (text) => {
      expect(refusal(decodePilotFrame(text, false))).toEqual({ code: 'malformed-frame', message: 'the frame is not JSON', replyTo: null });
    });

    it.each([
      ['[]', 'an array'],
      ['null', 'null'],
      ['"x"', 'a string'],
      ['42', 'a number'],
      ['true', 'a boolean'],
      [JSON.stringify([hello]), 'an array'],
    ])('refuses %s, which is JSON but not an object', (text, kind) => {
      expect(refusal(decodePilotFrame(text, false))).toEqual({
        code: 'malformed-frame',
        message: `the frame is ${kind}, not a JSON object`,
        replyTo: null,
      });
    });
  });

  describe('frame size', () => {
    const padded = (bytes: number) => {
      const frame = encodeMessage({ ...hello, pilotRef: '' });
      // pilotRef is checked after the size, so an oversized string there shows the size check alone.
      return frame.replace('"pilotRef":""', `"pilotRef":"${'é'.repeat((bytes - Buffer.byteLength(frame)) / 2)}"`);
    };

    it('refuses a frame of more than MAX_FRAME_BYTES bytes of UTF-8, counting multi-byte characters', () => {
      const text = padded(MAX_FRAME_BYTES + 2);
      expect(text.length).toBeLessThan(MAX_FRAME_BYTES); // under the limit in characters, over it in bytes
      for (const data of [text, Buffer.from(text), [Buffer.from(text.slice(0, 10)), Buffer.from(text.slice(10))]]) {
        expect(refusal(decodePilotFrame(data, false))).toEqual({
          code: 'frame-too-large',
          message: expect.stringContaining(`larger than ${MAX_FRAME_BYTES} bytes`),
          replyTo: null,
        });
      }
    });

    it('reads a frame of exactly MAX_FRAME_BYTES bytes (and then judges its content)', () => {
      const text = padded(MAX_FRAME_BYTES);
      expect(Buffer.byteLength(text)).toBe(MAX_FRAME_BYTES);
      expect(refusal(decodePilotFrame(text, false))).toMatchObject({ code: 'invalid-message', replyTo: 'p-1' });
      expect(refusal(decodePilotFrame(Buffer.from(text), false)).code).toBe('invalid-message');
    });
  });

  describe('versions and types', () => {
    it('refuses another protocol version, naming the request', () => {
      expect(refusal(decodePilotJson({ ...hello, v: 2 }))).toEqual({
        code: 'unsupported-version',
        message: 'protocol version 2 is not supported; this side speaks 1',
        replyTo: 'p-1',
      });
      expect(refusal(decodePilotJson({ v: 2 }))).toEqual({ code: 'unsupported-version', message: expect.any(String), replyTo: null });
      expect(refusal(decodePilotJson({ ...hello, v: '1' })).code).toBe('unsupported-version');
      expect(refusal(decodePilotJson({ ...hello, v: { big: 'x'.repeat(1000) } })).message).toBe(
        'protocol version an object is not supported; this side speaks 1',
      );
    });

    it('refuses a frame without a version as an invalid message', () => {
      const unversioned: Record<string, unknown> = { ...hello };
      delete unversioned['v'];
      expect(refusal(decodePilotJson(unversioned))).toMatchObject({
        code: 'invalid-message',
        message: expect.stringContaining('/v is required'),
      });
    });

    it('refuses an unknown type, listing the known ones', () => {
      expect(refusal(decodePilotJson({ v: 1, type: 'make-coffee', id: 'r-9' }))).toEqual({
        code: 'unknown-type',
        message:
          'unknown message type "make-coffee" from a pilot; expected one of hello, request-work, job-started, heartbeat, job-finished, cancel-request, goodbye',
        replyTo: 'r-9',
      });
    });

    it('refuses a server message sent by a pilot, and inherited names of Object', () => {
      for (const type of ['welcome', 'job', 'ack', 'constructor', '__proto__', 'toString']) {
        expect(refusal(decodePilotJson({ v: 1, type, id: 'r-1' })).code).toBe('unknown-type');
      }
    });

    it('refuses a frame whose type is missing or not a string', () => {
      expect(refusal(decodePilotJson({ v: 1, id: 'r-1' }))).toEqual({
        code: 'invalid-message',
        message: '/type is required and must be a string',
        replyTo: 'r-1',
      });
      expect(refusal(decodePilotJson({ v: 1, type: ['hello'], id: 'r-1' })).code).toBe('invalid-message');
    });
  });

  describe('schema failures name the JSON path', () => {
    it.each<[string, unknown, string]>([
      ['a missing field', { ...hello, site: undefined }, 'invalid hello: /site is required'],
      [
        'a missing nested field',
        { ...hello, resources: { ...hello.resources, slots: undefined } },
        'invalid hello: /resources/slots is required',
      ],
      ['an extra field', { ...hello, color: 'blue' }, 'invalid hello: /color is not a known property'],
      [
        'an extra nested field',
        { ...heartbeat, jobs: [{ ...heartbeat.jobs[0], pid: 4242 }] },
        'invalid heartbeat: /jobs/0/pid is not a known property',
      ],
      [
        'a string for a number',
        { ...heartbeat, jobs: [{ ...heartbeat.jobs[0], cpuTimeS: '12' }] },
        'invalid heartbeat: /jobs/0/cpuTimeS must be number',
      ],
      [
        'a negative number',
        { ...heartbeat, jobs: [{ ...heartbeat.jobs[0], wallTimeS: -1 }] },
        'invalid heartbeat: /jobs/0/wallTimeS must be >= 0',
      ],
      ['a fraction for an integer', { ...finished, attempt: 1.5 }, 'invalid job-finished: /attempt must be integer'],
      ['a zero job id', { ...finished, jobId: 0 }, 'invalid job-finished: /jobId must be >= 1'],
      ['a number for a nullable integer', { ...finished, exitCode: 'oops' }, 'invalid job-finished: /exitCode must be integer or null'],
      ['an unknown enum value', { ...finished, status: 'Running' }, 'invalid job-finished: /status must be one of "Done", "Failed"'],
      ['an empty id', { ...hello, id: '' }, 'invalid hello: /id must not have fewer than 1 characters'],
      ['a too long id', { ...hello, id: 'i'.repeat(65) }, 'invalid hello: /id must not have more than 64 characters'],
      ['a number id', { ...hello, id: 7 }, 'invalid hello: /id must be string'],
      [
        'a bad sha256',
        { ...finished, outputSandbox: { sha256: 'ABC', bytes: 1 } },
        'invalid job-finished: /outputSandbox/sha256 must match pattern',
      ],
      ['a site with spaces', { ...hello, site: 'LCG CPPM' }, 'invalid hello: /site must match pattern'],
      ['zero free slots', { ...samplePilotMessages['request-work'], freeSlots: 0 }, 'invalid request-work: /freeSlots must be >= 1'],
      ['an unknown goodbye reason', { ...samplePilotMessages.goodbye, reason: 'bored' }, 'invalid goodbye: /reason must be one of'],
    ])('refuses %s', (_what, frame, message) => {
      const error = refusal(decodePilotJson(frame));
      expect(error.code).toBe('invalid-message');
      expect(error.message.startsWith(message)).toBe(true);
    });

    it('refuses Infinity, which JSON.parse makes of 1e400, and numbers above the bound', () => {
      const text = encodeMessage(heartbeat).replace('"cpuTimeS":12.5', '"cpuTimeS":1e400');
      expect(text).toContain('1e400');
      expect(refusal(decodePilotFrame(text, false)).message).toContain('/jobs/0/cpuTimeS must be number');
      const huge = { ...heartbeat, jobs: [{ ...heartbeat.jobs[0], memoryMiB: 1e300 }] };
      expect(refusal(decodePilotJson(huge)).message).toContain('/jobs/0/memoryMiB must be <= 9007199254740991');
    });

    it('enforces the array and string bounds', () => {
      const usage = heartbeat.jobs[0]!;
      const tooManyJobs = { ...heartbeat, jobs: Array.from({ length: MAX_JOBS_PER_FRAME + 1 }, () => ({ ...usage, stdoutTail: '' })) };
      expect(refusal(decodePilotJson(tooManyJobs)).message).toContain('/jobs must not have more than 1024 items');
      const longTail = { ...heartbeat, jobs: [{ ...usage, stdoutTail: 'x'.repeat(MAX_STDOUT_TAIL_LENGTH + 1) }] };
      expect(refusal(decodePilotJson(longTail)).message).toContain('/jobs/0/stdoutTail must not have more than 16384 characters');
      const tooManyTags = { ...hello, resources: { ...hello.resources, tags: Array.from({ length: MAX_TAGS + 1 }, (_, i) => `t${i}`) } };
      expect(refusal(decodePilotJson(tooManyTags)).message).toContain('/resources/tags must not have more than 256 items');
      const longTag = { ...hello, resources: { ...hello.resources, tags: ['t'.repeat(129)] } };
      expect(refusal(decodePilotJson(longTag)).message).toContain('/resources/tags/0 must not have more than 128 characters');
    });

    it('lists a few problems, then counts the rest', () => {
      const error = refusal(decodePilotJson({ v: 1, type: 'hello', id: 'p-1' }));
      expect(error.message).toBe('invalid hello: /pilotRef is required; /ce is required; /site is required (and 3 more)');
    });

    it('keeps the message short when the sender made it huge, and never echoes an oversized id', () => {
      const error = refusal(decodePilotJson({ ...hello, ['k'.repeat(100_000)]: 1, id: 'i'.repeat(1000) }));
      expect(error.code).toBe('invalid-message');
      expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(error.replyTo).toBeNull();
    });

    it('escapes / and ~ in property names of the path (JSON Pointer)', () => {
      expect(refusal(decodePilotJson({ ...hello, 'a/b~c': 1 })).message).toBe('invalid hello: /a~1b~0c is not a known property');
    });
  });

  it('gives a message that narrows on type', () => {
    const result = decodePilotFrame(encodeMessage(finished), false);
    const summary = (message: PilotMessage): string => {
      switch (message.type) {
        case 'job-finished':
          return `${message.jobId}.${message.attempt} ${message.status} ${message.outputSandbox?.bytes ?? 'no'} bytes`;
        case 'hello':
        case 'request-work':
        case 'job-started':
        case 'heartbeat':
        case 'cancel-request':
        case 'goodbye':
          return message.type;
      }
    };
    expect(result.ok && summary(result.message)).toBe('42.1 Done 10240 bytes');
  });
});

describe(decodeServerFrame.name, () => {
  it.each(Object.values(sampleServerMessages).map((message) => [message.type, message] as const))(
    'decodes an encoded %s to an equal message',
    (_type, message) => {
      expect(decodeServerFrame(encodeMessage(message), false)).toEqual({ ok: true, message });
    },
  );

  it('accepts an ack without a reason and a job without input sandbox', () => {
    const accepted: Record<string, unknown> = { ...sampleServerMessages.ack, outcome: 'accepted' };
    delete accepted['reason'];
    expect(decodeServerFrame(JSON.stringify(accepted), false).ok).toBe(true);
    expect(decodeServerFrame(JSON.stringify({ ...sampleServerMessages.job, inputSandboxUrl: null, cpuTimeLimitS: 3600 }), false).ok).toBe(
      true,
    );
  });

  it('accepts a job spec without memory limit, environment or output sandbox', () => {
    const spec = { ...sampleServerMessages.job.spec, maxRamMiB: null, environment: {}, outputSandbox: [], stdOutput: '', stdError: '' };
    expect(decodeServerFrame(JSON.stringify({ ...sampleServerMessages.job, spec }), false).ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an environment name that is not a variable name', { environment: { 'A=B': 'x' } }, '/spec/environment/A=B is not a known property'],
    ['an environment value that is not a string', { environment: { DEBUG: 1 } }, '/spec/environment/DEBUG must be string'],
    ['an empty executable', { executable: '' }, '/spec/executable must not have fewer than 1 characters'],
    ['zero processors', { processors: 0 }, '/spec/processors must be >= 1'],
    ['a memory limit of zero', { maxRamMiB: 0 }, '/spec/maxRamMiB must be >= 1'],
  ])('refuses a job spec with %s', (_what, change, message) => {
    const frame = JSON.stringify({ ...sampleServerMessages.job, spec: { ...sampleServerMessages.job.spec, ...change } });
    expect(refusal(decodeServerFrame(frame, false))).toMatchObject({ code: 'invalid-message', replyTo: 's-2' });
    expect(refusal(decodeServerFrame(frame, false)).message).toContain(message);
  });

  it('refuses a pilot message sent by the server', () => {
    expect(refusal(decodeServerFrame(encodeMessage(hello), false))).toMatchObject({ code: 'unknown-type', replyTo: 'p-1' });
  });

  it('refuses a welcome whose server time is not an ISO date-time', () => {
    const frame = JSON.stringify({ ...sampleServerMessages.welcome, serverTime: 'yesterday' });
    expect(refusal(decodeServerFrame(frame, false)).message).toContain('/serverTime must match format "date-time"');
  });

  it('refuses an error frame with a code the protocol does not define', () => {
    const frame = JSON.stringify({ ...sampleServerMessages.error, code: 'oops' });
    expect(refusal(decodeServerFrame(frame, false)).message).toContain('/code must be one of "malformed-frame"');
  });
});
