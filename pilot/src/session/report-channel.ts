import { STALE_ATTEMPT, type AckMessage, type ErrorMessage, type PilotMessage } from '@majorana/protocol';
import type { SessionLogger } from './pilot-session.deps.js';
import { ReportOutbox, type HeartbeatKind, type JobReport } from './report-outbox.js';

export interface ReportChannelDeps {
  /** Sends on the current connection; called only while `isOpen()`. */
  send(message: PilotMessage): void;
  /** Whether a welcomed connection is there to send on. */
  isOpen(): boolean;
  readonly logger: SessionLogger;
}

/**
 * The reports' way to the server: each one is sent at once when the server listens, kept in the
 * outbox until acked, and sent again in order after a reconnect. What the server does with them comes
 * back from {@link acked} and {@link errored}.
 */
export class ReportChannel {
  private readonly outbox = new ReportOutbox();
  /** Reports the server failed on (`internal`): sent again with the next heartbeat. */
  private readonly failed = new Set<string>();

  constructor(private readonly deps: ReportChannelDeps) {}

  /** Queues a report, and sends it now when the server listens (else after the next welcome). */
  add(report: JobReport, kind: HeartbeatKind = 'full'): void {
    this.outbox.add(report, kind);
    if (this.deps.isOpen()) {
      this.deps.send(report);
    }
  }

  /** After a welcome: every unacked report again, in order (only the newest full heartbeat). */
  resendAll(): void {
    for (const report of this.outbox.resend()) {
      this.deps.send(report);
    }
  }

  /** With each heartbeat: the reports the server could not process the first time. */
  retryFailed(): void {
    for (const id of this.failed) {
      const report = this.outbox.get(id);
      if (report !== undefined) {
        this.deps.send(report);
      }
    }
    this.failed.clear();
  }

  /** The connection is gone: a failure on it no longer needs its own retry, the resend covers it. */
  disconnected(): void {
    this.failed.clear();
  }

  /** Takes the report an ack answers; returns it when refused as a stale attempt (the caller kills the job). */
  acked(message: AckMessage): JobReport | undefined {
    this.failed.delete(message.replyTo);
    const report = this.outbox.take(message.replyTo);
    if (report === undefined || message.outcome === 'accepted') {
      return undefined;
    }
    if (message.reason === STALE_ATTEMPT) {
      return report;
    }
    this.deps.logger.warn('report-refused', { id: report.id, type: report.type, reason: message.reason });
    return undefined;
  }

  /** Handles an error frame naming one of our reports; false when it names something else. */
  errored(message: ErrorMessage): boolean {
    const id = message.replyTo;
    const report = id === null ? undefined : this.outbox.get(id);
    if (id === null || report === undefined) {
      return false;
    }
    if (message.code === 'internal') {
      this.failed.add(id);
    } else {
      // The server will never accept this frame as it is; sending it again would only repeat the error.
      this.outbox.take(id);
      this.deps.logger.error('report-dropped', { id, type: report.type, code: message.code });
    }
    return true;
  }

  /** Forgets an attempt the server gave to someone else: nothing we say about it counts any more. */
  dropAttempt(jobId: number, attempt: number): void {
    this.outbox.dropAttempt(jobId, attempt);
  }

  /** Whether a job-started or job-finished still waits for its ack. */
  get holdsJobReports(): boolean {
    return this.outbox.holdsJobReports;
  }

  get unacked(): number {
    return this.outbox.size;
  }
}
