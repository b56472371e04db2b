import type { JobStatus } from '@majorana/domain';
import type { DataSource } from 'typeorm';
import { int, placeholders } from '../data-source/row-values.js';
import { SqlRunner } from '../data-source/sql-runner.js';

/**
 * What the cleaning agent (DIRAC's JobCleaningAgent) reads and removes. Every statement is bounded by
 * a limit, so one cycle on a years-old database never holds a lock for long; the next cycle goes on.
 */
export class CleaningRepository {
  private readonly sql: SqlRunner;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  /** Jobs in `statuses` that have not changed since before `before`, oldest first. */
  async jobsLastChangedBefore(statuses: readonly JobStatus[], before: number, limit: number): Promise<number[]> {
    if (statuses.length === 0) {
      return [];
    }
    const rows = await this.sql.rows(
      `SELECT id FROM jobs WHERE status IN ${placeholders(statuses.length)} AND lastUpdateTime < ? ORDER BY lastUpdateTime, id LIMIT ?`,
      [...statuses, before, limit],
    );
    return rows.map((row) => int(row, 'id'));
  }

  /** Jobs Deleted before `before` whose logging history still has more than its last record. */
  async deletedJobsWithHistory(before: number, limit: number): Promise<number[]> {
    const rows = await this.sql.rows(
      "SELECT j.id FROM jobs j WHERE j.status = 'Deleted' AND j.lastUpdateTime < ? " +
        'AND (SELECT COUNT(*) FROM logging_records l WHERE l.jobId = j.id) > 1 ORDER BY j.id LIMIT ?',
      [before, limit],
    );
    return rows.map((row) => int(row, 'id'));
  }

  /** Drops the latest-heartbeat rows (usage, stdout tail) of these jobs; returns how many. */
  async dropHeartbeats(jobIds: readonly number[]): Promise<number> {
    if (jobIds.length === 0) {
      return 0;
    }
    return this.sql.execute(`DELETE FROM job_heartbeats WHERE jobId IN ${placeholders(jobIds.length)}`, [...jobIds]);
  }

  /** Drops the heartbeat rows of jobs that no longer run (left behind by a job that ended); returns how many. */
  async dropHeartbeatsOfEndedJobs(endedStatuses: readonly JobStatus[], limit: number): Promise<number> {
    const rows = await this.sql.rows(
      `SELECT h.jobId FROM job_heartbeats h JOIN jobs j ON j.id = h.jobId WHERE j.status IN ${placeholders(endedStatuses.length)} LIMIT ?`,
      [...endedStatuses, limit],
    );
    return this.dropHeartbeats(rows.map((row) => int(row, 'jobId')));
  }

  /**
   * Removes the logging history of these jobs except its last record, which says how the job ended
   * (Deleted by whom, when): the job row itself stays, so `GET /api/jobs/:id` still answers.
   */
  async trimLoggingHistory(jobIds: readonly number[]): Promise<number> {
    let removed = 0;
    for (const jobId of jobIds) {
      const [last] = await this.sql.rows('SELECT MAX(id) AS id FROM logging_records WHERE jobId = ?', [jobId]);
      const keep = last === undefined || last['id'] === null ? null : int(last, 'id');
      if (keep !== null) {
        removed += await this.sql.execute('DELETE FROM logging_records WHERE jobId = ? AND id < ?', [jobId, keep]);
      }
    }
    return removed;
  }
}
