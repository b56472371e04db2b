import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { drainRequest } from './refused-upload.interceptor.js';

/** A request body still arriving: a stream with IncomingMessage's `complete` flag. */
function arriving(): PassThrough & { complete: boolean } {
  return Object.assign(new PassThrough(), { complete: false });
}

const asRequest = (stream: PassThrough) => stream as unknown as IncomingMessage;
const LIMITS = { maxBytes: 1_000, maxMs: 5_000, idleMs: 5_000 };

describe(drainRequest.name, () => {
  it('resolves at once for a body already read to its end', async () => {
    const done = Object.assign(new PassThrough(), { complete: true });
    await expect(drainRequest(asRequest(done), LIMITS)).resolves.toBeUndefined();
  });

  it('reads and drops the rest of the body, and resolves at its end', async () => {
    const body = arriving();
    const piped = new PassThrough();
    body.pipe(piped);
    let resolved = false;
    const drained = drainRequest(asRequest(body), LIMITS).then(() => (resolved = true));
    body.write(Buffer.alloc(500));
    await new Promise((resolve) => setImmediate(resolve));
    expect(resolved).toBe(false);
    body.end(Buffer.alloc(400));
    await drained;
    expect(piped.readableLength).toBe(0); // unpiped: the former reader got none of it
  });

  it('stops waiting once more than maxBytes arrived', async () => {
    const body = arriving();
    const drained = drainRequest(asRequest(body), LIMITS);
    body.write(Buffer.alloc(1_001));
    await expect(drained).resolves.toBeUndefined();
  });

  it('stops waiting when the client sends nothing for idleMs, or after maxMs in all', async () => {
    const idle = arriving();
    const started = performance.now();
    await drainRequest(asRequest(idle), { ...LIMITS, idleMs: 50 });
    expect(performance.now() - started).toBeLessThan(1_000);

    const trickling = arriving();
    const timer = setInterval(() => trickling.write('x'), 10);
    try {
      await drainRequest(asRequest(trickling), { ...LIMITS, maxMs: 100, idleMs: 50 });
    } finally {
      clearInterval(timer);
    }
  });
});
