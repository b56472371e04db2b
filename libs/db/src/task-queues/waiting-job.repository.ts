import type { DataSource } from 'typeorm';
import { chunks, int, placeholders } from '../data-source/row-values.js';
import { SqlRunner } from '../data-source/sql-runner.js';
import type { WaitingJob } from './task-queue-record.js';

const ROWS_PER_INSERT = 1_000;

/**
 * The claim table (DIRAC TaskQueueDB.tq_Jobs). A job is available to pilots exactly while its row is
 * here; `claim` deletes the best row of a queue and returns its job in ONE statement, so no two
 * claimers (pilots on any replica) ever get the same job and no lock is held between statements.
 */
export class WaitingJobRepository {
  private readonly sql: SqlRunner;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  /** Makes the jobs claimable; a job already waiting moves to the given queue and priority. */
  async enqueue(entries: readonly WaitingJob[]): Promise<void> {
    if (entries.length === 0) {
      return;
    }
    const upsert = this.sql.dialect.onConflictUpdate(['jobId'], ['taskQueueId', 'userPriority']);
    await this.sql.transaction(async (tx) => {
      for (const chunk of chunks(entries, ROWS_PER_INSERT)) {
        await tx.execute(
          `INSERT INTO waiting_jobs (taskQueueId, jobId, userPriority) VALUES ${chunk.map(() => placeholders(3)).join(', ')}${upsert}`,
          chunk.flatMap((entry) => [entry.taskQueueId, entry.jobId, entry.userPriority]),
        );
      }
    });
  }

  /**
   * Takes the best waiting job of the first non-empty queue, in the order given (highest userPriority,
   * then lowest job id, within a queue), and returns its id; null when every queue is empty. Each
   * queue is tried with one atomic DELETE … RETURNING (see SqlDialect.claimFromTaskQueue).
   */
  async claim(taskQueueIds: number | readonly number[]): Promise<number | null> {
    for (const taskQueueId of typeof taskQueueIds === 'number' ? [taskQueueIds] : taskQueueIds) {
      const [row] = await this.sql.rows(this.sql.dialect.claimFromTaskQueue, [taskQueueId]);
      if (row !== undefined) {
        return int(row, 'jobId');
      }
    }
    return null;
  }

  /** Withdraws a job that must no longer be matched (killed, deleted, re-optimised); false if it was not waiting. */
  /**
   * Puts back every Waiting job that has a task queue but no queue entry — left by a crash between
   * two statements (the optimizer's Waiting and enqueue, or a matcher's claim and its state change).
   * Safe while other replicas match: a job put back while another matcher holds it is refused by that
   * job's compare-and-set to Matched, never handed out twice. Returns how many were put back.
   */
  async requeueOrphans(): Promise<number> {
    return this.sql.execute(
      'INSERT INTO waiting_jobs (taskQueueId, jobId, userPriority) ' +
        "SELECT j.taskQueueId, j.id, j.userPriority FROM jobs j WHERE j.status = 'Waiting' AND j.taskQueueId IS NOT NULL " +
        'AND NOT EXISTS (SELECT 1 FROM waiting_jobs w WHERE w.jobId = j.id)',
    );
  }

  async remove(jobId: number): Promise<boolean> {
    return (await this.sql.execute('DELETE FROM waiting_jobs WHERE jobId = ?', [jobId])) > 0;
  }

  /**
   * How many jobs wait in these task queues, counting no further than `cap`: a site director needs
   * "enough to fill the pilots it may send", never the exact size of a million-job backlog.
   */
  async countInQueues(taskQueueIds: readonly number[], cap: number): Promise<number> {
    if (taskQueueIds.length === 0 || cap <= 0) {
      return 0;
    }
    const [row] = await this.sql.rows(
      `SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM waiting_jobs WHERE taskQueueId IN ${placeholders(taskQueueIds.length)} LIMIT ?) capped`,
      [...taskQueueIds, cap],
    );
    return row === undefined ? 0 : int(row, 'n');
  }

  /** Waiting jobs per task queue (queues with none are absent). */
  async countByTaskQueue(): Promise<Map<number, number>> {
    const rows = await this.sql.rows('SELECT taskQueueId, COUNT(*) AS waiting FROM waiting_jobs GROUP BY taskQueueId');
    return new Map(rows.map((row) => [int(row, 'taskQueueId'), int(row, 'waiting')]));
  }
}
