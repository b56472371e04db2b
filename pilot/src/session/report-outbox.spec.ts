import { describe, expect, it } from '@jest/globals';
import { createMessage, type JobUsage } from '@majorana/protocol';
import { ReportOutbox } from './report-outbox.js';

const ref = (jobId: number) => ({ jobId, attempt: 1, fencingToken: `token-${jobId}` });
const usage = (jobId: number): JobUsage => ({ ...ref(jobId), cpuTimeS: 1, wallTimeS: 1, memoryMiB: 1, stdoutTail: '' });
const started = (id: string, jobId: number) => createMessage('job-started', id, ref(jobId));
const heartbeat = (id: string, ...jobIds: number[]) => createMessage('heartbeat', id, { jobs: jobIds.map(usage) });
const finished = (id: string, jobId: number) =>
  createMessage('job-finished', id, {
    ...ref(jobId),
    status: 'Done',
    minorStatus: 'Execution Complete',
    applicationStatus: 'exit 0',
    exitCode: 0,
    outputSandbox: null,
    cpuTimeS: 1,
    wallTimeS: 1,
  });

describe(ReportOutbox.name, () => {
  it('keeps reports in order until each is acked', () => {
    const sut = new ReportOutbox();
    sut.add(started('p-1', 1));
    sut.add(started('p-2', 2));
    sut.add(finished('p-3', 1));
    expect(sut.take('p-2')?.type).toBe('job-started');
    expect(sut.take('p-2')).toBeUndefined();
    expect(sut.resend().map((report) => report.id)).toEqual(['p-1', 'p-3']);
  });

  it('resends only the newest full heartbeat, but still recognises the ack of a superseded one on the same connection', () => {
    const sut = new ReportOutbox();
    sut.add(heartbeat('p-1', 1));
    sut.add(finished('p-2', 2));
    sut.add(heartbeat('p-3', 1));
    expect(sut.get('p-1')?.type).toBe('heartbeat');
    expect(sut.resend().map((report) => report.id)).toEqual(['p-2', 'p-3']);
    expect(sut.get('p-1')).toBeUndefined();
  });

  it('keeps probes (one job each) beside each other: they ask different questions', () => {
    const sut = new ReportOutbox();
    sut.add(heartbeat('p-1', 1), 'probe');
    sut.add(heartbeat('p-2', 2), 'probe');
    expect(sut.resend().map((report) => report.id)).toEqual(['p-1', 'p-2']);
  });

  it('forgets every report about a stale attempt, including its line in heartbeats', () => {
    const sut = new ReportOutbox();
    sut.add(started('p-1', 1));
    sut.add(started('p-2', 2));
    sut.add(heartbeat('p-3', 1, 2));
    sut.add(heartbeat('p-4', 1), 'probe');
    sut.add(finished('p-5', 1));
    sut.dropAttempt(1, 1);
    const left = sut.resend();
    expect(left.map((report) => report.id)).toEqual(['p-2', 'p-3']);
    expect(left[1]?.type === 'heartbeat' && left[1].jobs.map((job) => job.jobId)).toEqual([2]);
    expect(sut.holdsJobReports).toBe(true);
    sut.take('p-2');
    expect(sut.holdsJobReports).toBe(false);
  });
});
