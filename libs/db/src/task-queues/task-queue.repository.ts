import type { DataSource } from 'typeorm';
import { requireFits } from '../data-source/column-limits.js';
import { int } from '../data-source/row-values.js';
import { SqlRunner } from '../data-source/sql-runner.js';
import type { NewTaskQueue, TaskQueueRecord, TaskQueueWithCount } from './task-queue-record.js';
import { TASK_QUEUE_COLUMNS, toTaskQueueRecord } from './task-queue-row.mapper.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Task queues (DIRAC TaskQueueDB.tq_TaskQueues): one row per distinct set of job requirements. */
export class TaskQueueRepository {
  private readonly sql: SqlRunner;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  /**
   * The id of the queue with this key, creating it if needed. Race-safe: when two optimizers create the
   * same queue at once, the unique key lets one insert win and the other reads the winner's id back.
   */
  async findOrCreate(queue: NewTaskQueue): Promise<number> {
    if (!SHA256_HEX.test(queue.key)) {
      throw new TypeError(`a task-queue key is 64 lowercase hex digits (sha-256), got "${queue.key}"`);
    }
    const insert =
      'INSERT INTO task_queues (`key`, definition, owner, ownerGroup, vo, cpuTime, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)' +
      this.sql.dialect.onConflictDoNothing(['`key`'], '`key`');
    // Twice at most: a queue deleted by deleteEmpty() between our insert and our read is simply made again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await this.idOf(queue.key);
      if (existing !== null) {
        return existing;
      }
      await this.sql.execute(insert, [
        queue.key,
        queue.definition,
        requireFits(queue.owner, 255, 'Owner'),
        requireFits(queue.ownerGroup, 255, 'OwnerGroup'),
        requireFits(queue.vo, 255, 'VO'),
        queue.cpuTime,
        queue.createdAt,
      ]);
    }
    throw new Error(`task queue ${queue.key} vanished three times while being created`);
  }

  async findById(id: number): Promise<TaskQueueRecord | null> {
    const [row] = await this.sql.rows(`SELECT ${TASK_QUEUE_COLUMNS} FROM task_queues WHERE id = ?`, [id]);
    return row === undefined ? null : toTaskQueueRecord(row);
  }

  /** Every queue with the number of jobs waiting in it, by id. */
  async list(): Promise<TaskQueueWithCount[]> {
    const rows = await this.sql.rows(
      `SELECT ${TASK_QUEUE_COLUMNS}, (SELECT COUNT(*) FROM waiting_jobs w WHERE w.taskQueueId = task_queues.id) AS waitingJobs ` +
        'FROM task_queues ORDER BY id',
    );
    return rows.map((row) => ({ ...toTaskQueueRecord(row), waitingJobs: int(row, 'waitingJobs') }));
  }

  /**
   * The queues that have at least one waiting job, by id: what the matcher caches every second. An
   * EXISTS probe per queue stays well under a millisecond at any queue length, where counting every
   * waiting job (list) took 37 ms at a million jobs on SQLite's one connection.
   */
  async listNonEmpty(): Promise<TaskQueueRecord[]> {
    const rows = await this.sql.rows(
      `SELECT ${TASK_QUEUE_COLUMNS} FROM task_queues WHERE EXISTS (SELECT 1 FROM waiting_jobs w WHERE w.taskQueueId = task_queues.id) ORDER BY id`,
    );
    return rows.map(toTaskQueueRecord);
  }

  /**
   * Deletes queues with no waiting job that were created before `createdBefore`, and returns how many.
   * The age limit keeps a queue an optimizer has just found (and is about to fill) from disappearing
   * under it; pick it well above one optimizer pass.
   */
  async deleteEmpty(createdBefore: number): Promise<number> {
    return this.sql.execute(
      'DELETE FROM task_queues WHERE createdAt < ? AND NOT EXISTS (SELECT 1 FROM waiting_jobs w WHERE w.taskQueueId = task_queues.id)',
      [createdBefore],
    );
  }

  private async idOf(key: string): Promise<number | null> {
    const [row] = await this.sql.rows('SELECT id FROM task_queues WHERE `key` = ?', [key]);
    return row === undefined ? null : int(row, 'id');
  }
}
