import { describe, expect, it } from '@jest/globals';
import {
  createMessage,
  encodeMessage,
  MAX_FRAME_BYTES,
  MAX_STDOUT_TAIL_LENGTH,
  utf8ByteLengthExceeds,
  type JobUsage,
} from '@majorana/protocol';
import { fitHeartbeat } from './heartbeat-jobs.js';

function usage(jobId: number, stdoutTail: string): JobUsage {
  return { jobId, attempt: 1, fencingToken: `token-${jobId}`, cpuTimeS: 1, wallTimeS: 2, memoryMiB: 3, stdoutTail };
}

describe(fitHeartbeat.name, () => {
  it('leaves a heartbeat that fits alone', () => {
    const heartbeat = createMessage('heartbeat', 'p-1', { jobs: [usage(1, 'event 1\n')] });
    expect(fitHeartbeat(heartbeat)).toEqual(heartbeat);
  });

  it('cuts the stdout tails of many jobs, keeping their ends, until the frame fits in 256 KiB', () => {
    const tail = (jobId: number) => `${'é'.repeat(MAX_STDOUT_TAIL_LENGTH - 20)}end of job ${String(jobId).padStart(8, '0')}`;
    const jobs = Array.from({ length: 40 }, (_, index) => usage(index + 1, tail(index + 1)));
    const fitted = fitHeartbeat(createMessage('heartbeat', 'p-1', { jobs }));

    expect(utf8ByteLengthExceeds(encodeMessage(fitted), MAX_FRAME_BYTES)).toBe(false);
    expect(fitted.jobs).toHaveLength(40);
    for (const job of fitted.jobs) {
      expect(job.stdoutTail.endsWith(`end of job ${String(job.jobId).padStart(8, '0')}`)).toBe(true);
      expect(job.stdoutTail.length).toBeLessThan(MAX_STDOUT_TAIL_LENGTH);
    }
  });
});
