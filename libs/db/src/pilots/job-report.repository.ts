import type { DataSource } from 'typeorm';
import { JobStatus } from '@majorana/domain';
import { int, placeholders, text, textOrNull } from '../data-source/row-values.js';
import { SqlRunner, type Sql, type SqlValue } from '../data-source/sql-runner.js';

/** Which attempt a pilot speaks of: every report carries it, and only the job's current one counts. */
export interface AttemptProof {
  readonly jobId: number;
  readonly attempt: number;
  readonly fencingToken: string;
}

export interface HeartbeatEntry extends AttemptProof {
  readonly cpuTimeS: number;
  readonly wallTimeS: number;
  readonly memoryMiB: number;
  readonly stdoutTail: string;
}

export interface FinishedReport extends AttemptProof {
  readonly status: 'Done' | 'Failed';
  readonly minorStatus: string;
  readonly applicationStatus: string;
  /** True when the pilot uploaded an output sandbox (the job went through Completing). */
  readonly outputUploaded: boolean;
  /** Job parameters recorded with the ending (DIRAC's TotalCPUTime(s), WallClockTime(s), Pilot_Reference…). */
  readonly parameters?: Readonly<Record<string, string>>;
}

export interface LatestHeartbeat {
  readonly jobId: number;
  readonly attempt: number;
  readonly time: number;
  readonly cpuTimeS: number;
  readonly wallTimeS: number;
  readonly memoryMiB: number;
  readonly stdoutTail: string;
}

/** The verdict on one report: applied (or already applied), or refused because the attempt is not current. */
export type ReportOutcome = 'accepted' | 'refused';

/** States in which a job still belongs to the pilot of its current attempt. */
const HELD_BY_PILOT: readonly JobStatus[] = [JobStatus.Matched, JobStatus.Running, JobStatus.Completing, JobStatus.Stalled];
const STDOUT_TAIL_CHARS = 16_384;

interface CurrentAttempt {
  readonly status: JobStatus;
  readonly attempt: number;
  readonly fencingToken: string | null;
  readonly pilotRef: string | null;
}

/**
 * What pilots report about their jobs, applied only for the job's CURRENT attempt with its fencing
 * token and from the pilot it was matched to (DESIGN.md: attempts and fencing): a late pilot of an
 * older attempt never overwrites a newer state. Each report is one transaction that reads the
 * attempt with a row lock and changes the job only if the proof holds.
 */
export class JobReportRepository {
  private readonly sql: SqlRunner;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  /** The payload started: Matched → Running (a repeated report of a Running job is accepted again). */
  async started(proof: AttemptProof, pilotRef: string, time: number): Promise<ReportOutcome> {
    return this.sql.transaction(async (tx) => {
      const current = await this.currentAttempts(tx, [proof.jobId]);
      const held = current.get(proof.jobId);
      if (!holds(held, proof, pilotRef)) {
        return 'refused';
      }
      if (held.status === JobStatus.Matched || held.status === JobStatus.Stalled) {
        await moveJob(tx, proof.jobId, held.status, {
          status: JobStatus.Running,
          minorStatus: 'Application',
          applicationStatus: 'Running',
          time,
          source: pilotSource(pilotRef),
          extra: ', startExecTime = COALESCE(startExecTime, ?), heartBeatTime = ?',
          extraParams: [time, time],
        });
      }
      return 'accepted';
    });
  }

  /** Usage of running jobs; returns the job ids whose entries were refused (stale attempts). */
  async heartbeat(entries: readonly HeartbeatEntry[], pilotRef: string, time: number): Promise<number[]> {
    if (entries.length === 0) {
      return [];
    }
    return this.sql.transaction(async (tx) => {
      const current = await this.currentAttempts(
        tx,
        entries.map((entry) => entry.jobId),
      );
      const refused: number[] = [];
      const valid: HeartbeatEntry[] = [];
      for (const entry of entries) {
        const held = current.get(entry.jobId);
        if (holds(held, entry, pilotRef)) {
          valid.push(entry);
          if (held.status === JobStatus.Stalled) {
            await moveJob(tx, entry.jobId, JobStatus.Stalled, {
              status: JobStatus.Running,
              minorStatus: 'Job resumed: heartbeat received',
              applicationStatus: null,
              time,
              source: pilotSource(pilotRef),
              extra: '',
              extraParams: [],
            });
          }
        } else {
          refused.push(entry.jobId);
        }
      }
      if (valid.length > 0) {
        const ids = valid.map((entry) => entry.jobId);
        await tx.execute(`UPDATE jobs SET heartBeatTime = ? WHERE id IN ${placeholders(ids.length)}`, [time, ...ids]);
        const upsert = tx.dialect.onConflictUpdate(['jobId'], ['attempt', 'time', 'cpuTimeS', 'wallTimeS', 'memoryMiB', 'stdoutTail']);
        await tx.execute(
          `INSERT INTO job_heartbeats (jobId, attempt, time, cpuTimeS, wallTimeS, memoryMiB, stdoutTail) VALUES ${valid
            .map(() => placeholders(7))
            .join(', ')}${upsert}`,
          valid.flatMap((entry): SqlValue[] => [
            entry.jobId,
            entry.attempt,
            time,
            entry.cpuTimeS,
            entry.wallTimeS,
            entry.memoryMiB,
            entry.stdoutTail.slice(-STDOUT_TAIL_CHARS),
          ]),
        );
      }
      return refused;
    });
  }

  /** The job ended on the pilot: Done or Failed (through Completing when it uploaded an output sandbox). */
  async finished(report: FinishedReport, pilotRef: string, time: number): Promise<ReportOutcome> {
    return this.sql.transaction(async (tx) => {
      const current = await this.currentAttempts(tx, [report.jobId]);
      const held = current.get(report.jobId);
      if (!holds(held, report, pilotRef)) {
        return 'refused';
      }
      const source = pilotSource(pilotRef);
      let from = held.status;
      if (from === JobStatus.Matched) {
        // The start report was lost with a connection; the job did run.
        await moveJob(tx, report.jobId, from, {
          status: JobStatus.Running,
          minorStatus: 'Application',
          applicationStatus: 'Running',
          time,
          source,
          extra: ', startExecTime = COALESCE(startExecTime, ?)',
          extraParams: [time],
        });
        from = JobStatus.Running;
      }
      if (report.outputUploaded && from !== JobStatus.Completing) {
        await moveJob(tx, report.jobId, from, {
          status: JobStatus.Completing,
          minorStatus: 'Output sandbox uploaded',
          applicationStatus: null,
          time,
          source,
          extra: '',
          extraParams: [],
        });
        from = JobStatus.Completing;
      }
      await moveJob(tx, report.jobId, from, {
        status: report.status === 'Done' ? JobStatus.Done : JobStatus.Failed,
        minorStatus: report.minorStatus,
        applicationStatus: report.applicationStatus,
        time,
        source,
        extra: ', endExecTime = ?, heartBeatTime = ?',
        extraParams: [time, time],
      });
      const parameters = Object.entries(report.parameters ?? {});
      if (parameters.length > 0) {
        await tx.execute(
          `INSERT INTO job_parameters (jobId, name, value) VALUES ${parameters.map(() => placeholders(3)).join(', ')}${tx.dialect.onConflictUpdate(['jobId', 'name'], ['value'])}`,
          parameters.flatMap(([name, value]) => [report.jobId, name.slice(0, 255), value]),
        );
      }
      return 'accepted';
    });
  }

  /** The latest heartbeat of the job's current attempt (what `peek` shows), or null. */
  async latestHeartbeat(jobId: number): Promise<LatestHeartbeat | null> {
    const [row] = await this.sql.rows(
      'SELECT h.jobId, h.attempt, h.time, h.cpuTimeS, h.wallTimeS, h.memoryMiB, h.stdoutTail FROM job_heartbeats h WHERE h.jobId = ?',
      [jobId],
    );
    if (row === undefined) {
      return null;
    }
    return {
      jobId: int(row, 'jobId'),
      attempt: int(row, 'attempt'),
      time: int(row, 'time'),
      cpuTimeS: Number(row['cpuTimeS']),
      wallTimeS: Number(row['wallTimeS']),
      memoryMiB: Number(row['memoryMiB']),
      stdoutTail: text(row, 'stdoutTail'),
    };
  }

  /** Of the given (job, attempt) pairs, those that are no longer current or ended: the pilot must stop them. */
  async stoppedAttempts(
    attempts: readonly { jobId: number; attempt: number }[],
  ): Promise<{ jobId: number; attempt: number; status: string }[]> {
    if (attempts.length === 0) {
      return [];
    }
    const rows = await this.sql.rows(
      `SELECT id, status, attempt FROM jobs WHERE id IN ${placeholders(attempts.length)}`,
      attempts.map((each) => each.jobId),
    );
    const byId = new Map(rows.map((row) => [int(row, 'id'), { status: text(row, 'status'), attempt: int(row, 'attempt') }]));
    return attempts.flatMap(({ jobId, attempt }) => {
      const job = byId.get(jobId);
      if (job !== undefined && job.attempt === attempt && (HELD_BY_PILOT as readonly string[]).includes(job.status)) {
        return [];
      }
      return [{ jobId, attempt, status: job?.status ?? 'Deleted' }];
    });
  }

  /** Jobs held by a pilot (current attempts matched to it, not ended): what it should be running. */
  async heldBy(pilotRef: string): Promise<{ jobId: number; attempt: number; status: string }[]> {
    const rows = await this.sql.rows(
      `SELECT j.id, j.attempt, j.status FROM job_attempts a JOIN jobs j ON j.id = a.jobId AND j.attempt = a.attempt ` +
        `WHERE a.pilotRef = ? AND j.status IN ${placeholders(HELD_BY_PILOT.length)}`,
      [pilotRef, ...HELD_BY_PILOT],
    );
    return rows.map((row) => ({ jobId: int(row, 'id'), attempt: int(row, 'attempt'), status: text(row, 'status') }));
  }

  private async currentAttempts(tx: Sql, jobIds: readonly number[]): Promise<Map<number, CurrentAttempt>> {
    const rows = await tx.rows(
      'SELECT j.id, j.status, j.attempt, a.fencingToken, a.pilotRef FROM jobs j LEFT JOIN job_attempts a ON a.jobId = j.id AND a.attempt = j.attempt ' +
        `WHERE j.id IN ${placeholders(jobIds.length)}${tx.dialect.lockRows}`,
      [...jobIds],
    );
    return new Map(
      rows.map((row) => [
        int(row, 'id'),
        {
          status: text(row, 'status') as JobStatus,
          attempt: int(row, 'attempt'),
          fencingToken: textOrNull(row, 'fencingToken'),
          pilotRef: textOrNull(row, 'pilotRef'),
        },
      ]),
    );
  }
}

/** The proof holds: the job's current attempt, its token, matched to this pilot (or to no named pilot), and still the pilot's. */
function holds(held: CurrentAttempt | undefined, proof: AttemptProof, pilotRef: string): held is CurrentAttempt {
  return (
    held !== undefined &&
    held.attempt === proof.attempt &&
    held.fencingToken !== null &&
    held.fencingToken === proof.fencingToken &&
    (held.pilotRef === null || held.pilotRef === pilotRef) &&
    (HELD_BY_PILOT as readonly string[]).includes(held.status)
  );
}

function pilotSource(pilotRef: string): string {
  return `Pilot ${pilotRef}`.slice(0, 64);
}

interface Move {
  readonly status: JobStatus;
  readonly minorStatus: string;
  /** null keeps the current application status. */
  readonly applicationStatus: string | null;
  readonly time: number;
  readonly source: string;
  readonly extra: string;
  readonly extraParams: readonly SqlValue[];
}

/** A compare-and-set state change with its logging row, inside the report's transaction. */
async function moveJob(tx: Sql, jobId: number, from: string, move: Move): Promise<void> {
  const application = move.applicationStatus === null ? '' : ', applicationStatus = ?';
  await tx.execute(
    `UPDATE jobs SET status = ?, minorStatus = ?${application}, lastUpdateTime = ?${move.extra} WHERE id = ? AND status = ?`,
    [
      move.status,
      move.minorStatus.slice(0, 255),
      ...(move.applicationStatus === null ? [] : [move.applicationStatus.slice(0, 255)]),
      move.time,
      ...move.extraParams,
      jobId,
      from,
    ],
  );
  await tx.execute(
    'INSERT INTO logging_records (jobId, status, minorStatus, applicationStatus, time, source) SELECT id, status, minorStatus, applicationStatus, ?, ? FROM jobs WHERE id = ?',
    [move.time, move.source, jobId],
  );
}
