import type { PilotStatus } from '../pilot-status.js';
import type { SshPilotReport } from './ssh-pilot-report.js';

/** How an SSH pilot ended, once a poll saw it; never polled again after. */
export interface SshPilotEnd {
  readonly status: 'Done' | 'Failed' | 'Aborted';
  /** Its exit status (128+N for signal N); null when it vanished with none recorded. */
  readonly exitCode: number | null;
  /** When we saw it end (the remote host's clock is not ours to read). */
  readonly atMs: number;
}

/** What the SSH driver remembers of one pilot (in memory and in the index file). */
export interface SshPilotRecord {
  /** The pilot's UUID: its ref's id and its directory's name under the remote work directory. */
  readonly id: string;
  readonly ref: string;
  /** Its pid on the remote host, also its process group id there. */
  readonly pid: number;
  readonly submittedAtMs: number;
  /** When a cancel delivered its SIGTERM. */
  readonly cancelledAtMs: number | null;
  readonly end: SshPilotEnd | null;
}

/**
 * The status of an SSH pilot. Until a poll sees it end it is `Running`: the launcher started the process
 * before it answered, and a remote host has no queue. A pilot that ends after a cancel is `Aborted`
 * however it exits (as in the Local driver); one that vanished with no exit recorded (its wrapper
 * killed too, the host rebooted, its directory deleted) is `Aborted` as lost.
 */
export function sshPilotStatus(record: SshPilotRecord): PilotStatus {
  return record.end?.status ?? 'Running';
}

/** The record after a status or cancel report about it; unchanged when the report says nothing new. */
export function applySshPilotReport(record: SshPilotRecord, report: SshPilotReport, nowMs: number): SshPilotRecord {
  if (record.end !== null) {
    return record;
  }
  switch (report.kind) {
    case 'exited': {
      const status = record.cancelledAtMs !== null ? 'Aborted' : report.code === 0 ? 'Done' : 'Failed';
      return { ...record, end: { status, exitCode: report.code, atMs: nowMs } };
    }
    case 'gone':
    case 'missing':
      return { ...record, end: { status: 'Aborted', exitCode: null, atMs: nowMs } };
    case 'signalled':
      return { ...record, cancelledAtMs: record.cancelledAtMs ?? nowMs };
    case 'running':
    case 'started':
    case 'failed':
      return record;
  }
}
