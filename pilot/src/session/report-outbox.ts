import type { HeartbeatMessage, JobFinishedMessage, JobStartedMessage } from '@majorana/protocol';

/** The reports the server acknowledges: they stay here until it does (DESIGN.md, "Nothing is lost"). */
export type JobReport = JobStartedMessage | HeartbeatMessage | JobFinishedMessage;

/**
 * A heartbeat is `full` (every running job, sent each interval) or a `probe` (one job, sent to find
 * which job of a refused batch is stale: the ack of a batch cannot say).
 */
export type HeartbeatKind = 'full' | 'probe';

interface OutboxEntry {
  readonly report: JobReport;
  readonly heartbeatKind?: HeartbeatKind;
  /**
   * A newer full heartbeat made this one pointless to send again, but its ack may still come on this
   * connection and must still be understood (a refusal names no job, only this frame's id).
   */
  superseded: boolean;
}

/**
 * Reports waiting for their `ack`, in the order they were made. Kept in memory: it is "durable" across
 * connections, not across pilot restarts — a restarted pilot has no jobs left to report on.
 *
 * Invariant kept by the session: while it holds a welcomed connection, every entry has been sent on it
 * (new entries are sent as they are added; after a reconnect {@link resend} lists them all again).
 */
export class ReportOutbox {
  private entries: OutboxEntry[] = [];

  /** Adds a report. A full heartbeat supersedes every older heartbeat: only the newest usage matters. */
  add(report: JobReport, heartbeatKind: HeartbeatKind = 'full'): void {
    if (report.type === 'heartbeat') {
      if (heartbeatKind === 'full') {
        for (const entry of this.entries) {
          if (entry.report.type === 'heartbeat') {
            entry.superseded = true;
          }
        }
      }
      this.entries.push({ report, heartbeatKind, superseded: false });
      return;
    }
    this.entries.push({ report, superseded: false });
  }

  /** Removes and returns the report `id` answers, or undefined for an id it does not hold. */
  take(id: string): JobReport | undefined {
    const index = this.entries.findIndex((entry) => entry.report.id === id);
    if (index < 0) {
      return undefined;
    }
    const [entry] = this.entries.splice(index, 1);
    return entry?.report;
  }

  /** The report `id` names, still held. */
  get(id: string): JobReport | undefined {
    return this.entries.find((entry) => entry.report.id === id)?.report;
  }

  /**
   * What to send again on a new connection, in order. Superseded heartbeats are dropped for good:
   * their acks would have come on the old connection.
   */
  resend(): readonly JobReport[] {
    this.entries = this.entries.filter((entry) => !entry.superseded);
    return this.entries.map((entry) => entry.report);
  }

  /**
   * Forgets everything about one attempt of a job: its job-started and job-finished, and its line in
   * held heartbeats (which keep their id, so their ack is still recognised). Used when the server said
   * the attempt is stale: someone else runs the job now, nothing we say about it counts.
   */
  dropAttempt(jobId: number, attempt: number): void {
    this.entries = this.entries.flatMap((entry): OutboxEntry[] => {
      const report = entry.report;
      if (report.type !== 'heartbeat') {
        return report.jobId === jobId && report.attempt === attempt ? [] : [entry];
      }
      const jobs = report.jobs.filter((job) => !(job.jobId === jobId && job.attempt === attempt));
      if (jobs.length === report.jobs.length) {
        return [entry];
      }
      // A probe about only this job has nothing left to say.
      if (jobs.length === 0 && entry.heartbeatKind === 'probe') {
        return [];
      }
      return [{ ...entry, report: { ...report, jobs } }];
    });
  }

  get size(): number {
    return this.entries.length;
  }

  /** Whether a report other than a heartbeat still waits: what a leaving pilot must not abandon lightly. */
  get holdsJobReports(): boolean {
    return this.entries.some((entry) => entry.report.type !== 'heartbeat');
  }
}
