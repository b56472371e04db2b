import { describe, expect, it } from '@jest/globals';
import { PilotLogger } from './pilot-logger.js';

describe(PilotLogger.name, () => {
  it('writes one grep-able line per event: ISO time, level, event, then key=value fields', () => {
    const lines: string[] = [];
    const sut = new PilotLogger({ now: () => Date.UTC(2025, 0, 2, 3, 4, 5, 6) }, (line) => lines.push(line));
    sut.info('job-started', { jobId: 12, attempt: 1, skipped: undefined });
    sut.warn('server-error', { message: 'invalid hello:\n  /site must match', code: 'invalid-message', replyTo: null });
    sut.error('fatal', { message: '' });
    expect(lines).toEqual([
      '2025-01-02T03:04:05.006Z INFO job-started jobId=12 attempt=1',
      '2025-01-02T03:04:05.006Z WARN server-error message="invalid hello: /site must match" code=invalid-message replyTo=null',
      '2025-01-02T03:04:05.006Z ERROR fatal message=""',
    ]);
  });
});
