import type { JobStatus } from '@majorana/domain';
import type { DataSource } from 'typeorm';
import { int, intOrNull, placeholders, text, textOrNull } from '../data-source/row-values.js';
import { SqlRunner } from '../data-source/sql-runner.js';
import type { PilotStatus } from '../pilots/pilot.repository.js';

/** A job in Running or Completing with its signs of life: the newest of them says how long it has been silent. */
export interface SilentJobRow {
  readonly id: number;
  readonly status: JobStatus;
  readonly heartBeatTime: number | null;
  readonly startExecTime: number | null;
  readonly lastUpdateTime: number;
}

/** A Matched job whose pilot has not started it: when its current attempt was matched, and to which pilot. */
export interface UnstartedMatchRow {
  readonly id: number;
  readonly matchedAt: number;
  readonly pilotRef: string | null;
}

/** A Stalled job and the pilot of its current attempt as the pilots table knows it (all null without a row). */
export interface StalledJobRow {
  readonly id: number;
  readonly rescheduleCounter: number;
  readonly pilotRef: string | null;
  readonly pilotStatus: PilotStatus | null;
  readonly pilotLastContact: number | null;
}

/** A job whose current attempt ran on a given computing element, and the pilot there (null from the HTTP matcher). */
export interface CeJobRow {
  readonly id: number;
  readonly status: JobStatus;
  readonly pilotRef: string | null;
}

/** Most rows one question returns: an agent cycle handles a batch, the next cycle the rest. */
const DEFAULT_LIMIT = 1_000;

/**
 * What the stalled-job agent and the start-up recovery ask of the jobs, their current attempts and
 * their pilots (DIRAC's StalledJobAgent queries). Read-only: every change goes through the jobs'
 * compare-and-set transitions, so a job that moved between a question and the change is left alone.
 */
export class StalledJobRepository {
  private readonly sql: SqlRunner;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  /**
   * Jobs in `statuses` with no sign of life (heartbeat, start, state or minor-status change) at or
   * after `silentSince`, oldest first.
   */
  async silentJobs(statuses: readonly JobStatus[], silentSince: number, limit = DEFAULT_LIMIT): Promise<SilentJobRow[]> {
    if (statuses.length === 0) {
      return [];
    }
    const rows = await this.sql.rows(
      'SELECT id, status, heartBeatTime, startExecTime, lastUpdateTime FROM jobs ' +
        `WHERE status IN ${placeholders(statuses.length)} AND lastUpdateTime < ? ` +
        'AND (heartBeatTime IS NULL OR heartBeatTime < ?) AND (startExecTime IS NULL OR startExecTime < ?) ' +
        'ORDER BY lastUpdateTime, id LIMIT ?',
      [...statuses, silentSince, silentSince, silentSince, limit],
    );
    return rows.map((row) => ({
      id: int(row, 'id'),
      status: text(row, 'status') as JobStatus,
      heartBeatTime: intOrNull(row, 'heartBeatTime'),
      startExecTime: intOrNull(row, 'startExecTime'),
      lastUpdateTime: int(row, 'lastUpdateTime'),
    }));
  }

  /** Matched jobs never started whose current attempt was matched before `matchedBefore`. */
  async unstartedMatches(matchedBefore: number, limit = DEFAULT_LIMIT): Promise<UnstartedMatchRow[]> {
    const rows = await this.sql.rows(
      'SELECT j.id, a.matchedAt, a.pilotRef FROM jobs j JOIN job_attempts a ON a.jobId = j.id AND a.attempt = j.attempt ' +
        "WHERE j.status = 'Matched' AND j.startExecTime IS NULL AND a.matchedAt < ? ORDER BY a.matchedAt, j.id LIMIT ?",
      [matchedBefore, limit],
    );
    return rows.map((row) => ({ id: int(row, 'id'), matchedAt: int(row, 'matchedAt'), pilotRef: textOrNull(row, 'pilotRef') }));
  }

  /** Stalled jobs with the pilot of their current attempt. */
  async stalledJobs(limit = DEFAULT_LIMIT): Promise<StalledJobRow[]> {
    const rows = await this.sql.rows(
      'SELECT j.id, j.rescheduleCounter, a.pilotRef, p.status AS pilotStatus, p.lastContact AS pilotLastContact FROM jobs j ' +
        'LEFT JOIN job_attempts a ON a.jobId = j.id AND a.attempt = j.attempt LEFT JOIN pilots p ON p.pilotRef = a.pilotRef ' +
        "WHERE j.status = 'Stalled' ORDER BY j.lastUpdateTime, j.id LIMIT ?",
      [limit],
    );
    return rows.map((row) => ({
      id: int(row, 'id'),
      rescheduleCounter: int(row, 'rescheduleCounter'),
      pilotRef: textOrNull(row, 'pilotRef'),
      pilotStatus: textOrNull(row, 'pilotStatus') as PilotStatus | null,
      pilotLastContact: intOrNull(row, 'pilotLastContact'),
    }));
  }

  /**
   * Jobs in `statuses` whose current attempt was matched to a pilot of the computing element `ce`
   * (the CE the pilot named in its hello).
   */
  async jobsOnCe(ce: string, statuses: readonly JobStatus[]): Promise<CeJobRow[]> {
    if (statuses.length === 0) {
      return [];
    }
    const rows = await this.sql.rows(
      'SELECT j.id, j.status, a.pilotRef FROM jobs j JOIN job_attempts a ON a.jobId = j.id AND a.attempt = j.attempt ' +
        `WHERE a.ce = ? AND j.status IN ${placeholders(statuses.length)} ORDER BY j.id`,
      [ce, ...statuses],
    );
    return rows.map((row) => ({ id: int(row, 'id'), status: text(row, 'status') as JobStatus, pilotRef: textOrNull(row, 'pilotRef') }));
  }
}
