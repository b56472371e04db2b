import { isJobStatus, type JobStatus } from '@majorana/domain';
import type { DataSource } from 'typeorm';
import { clip, requireFits } from '../data-source/column-limits.js';
import { chunks, int, placeholders, text } from '../data-source/row-values.js';
import { SqlRunner, type Sql, type SqlValue } from '../data-source/sql-runner.js';
import { insertJobs } from './insert-jobs.js';
import { JOB_COLUMNS, toJobRecord, toLoggingRecord } from './job-row.mapper.js';
import type { JobAttributeChange, JobJdl, JobParameter, JobRecord, JobTransition, LoggingRecord, NewJob } from './job-record.js';
import type { JobSearchQuery, JobSearchResult, JobSummaryField, JobSummaryRow, JobVisibility } from './job-search-query.js';
import { jobOrderBy, jobPage, jobWhere, summaryColumns } from './job-search-sql.js';

/** Copies the job's state, as it is after the UPDATE just made, into its history (params: time, source, id). */
const LOG_CURRENT_STATE =
  'INSERT INTO logging_records (jobId, status, minorStatus, applicationStatus, time, source) ' +
  'SELECT id, status, minorStatus, applicationStatus, ?, ? FROM jobs WHERE id = ?';

/** Ids per `IN (…)` list when reading many jobs. */
const IDS_PER_SELECT = 1_000;

/**
 * Jobs, their JDLs, history and parameters (DIRAC's JobDB and JobLoggingDB). Every state change is a
 * compare-and-set on the current status, so two components racing on one job (a pilot's report and a
 * kill, two replicas) never overwrite each other: the loser learns it lost.
 */
export class JobRepository {
  private readonly sql: SqlRunner;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  /** Stores the jobs in one transaction (all or none) and returns their ids, in the order given. */
  async insertJobs(jobs: readonly NewJob[]): Promise<number[]> {
    if (jobs.length === 0) {
      return [];
    }
    return this.sql.transaction((tx) => insertJobs(tx, jobs));
  }

  async findById(id: number): Promise<JobRecord | null> {
    const [row] = await this.sql.rows(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`, [id]);
    return row === undefined ? null : toJobRecord(row);
  }

  /** The jobs that exist among `ids`, by ascending id. */
  async findByIds(ids: readonly number[]): Promise<JobRecord[]> {
    const found: JobRecord[] = [];
    for (const chunk of chunks([...new Set(ids)], IDS_PER_SELECT)) {
      const rows = await this.sql.rows(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id IN ${placeholders(chunk.length)}`, chunk);
      found.push(...rows.map(toJobRecord));
    }
    return found.sort((a, b) => a.id - b.id);
  }

  /** One page of the jobs matching every condition, and how many match in all. */
  async search(query: JobSearchQuery): Promise<JobSearchResult> {
    const where = jobWhere(query.conditions, query.visibleTo, this.sql.dialect);
    const order = jobOrderBy(query.sort);
    const page = jobPage(query.page, query.perPage);
    const rows = await this.sql.rows(`SELECT ${JOB_COLUMNS} FROM jobs${where.sql}${order}${page.sql}`, [...where.params, ...page.params]);
    const [counted] = await this.sql.rows(`SELECT COUNT(*) AS total FROM jobs${where.sql}`, where.params);
    return { jobs: rows.map(toJobRecord), total: counted === undefined ? 0 : int(counted, 'total') };
  }

  /** How many (visible) jobs have each combination of the grouped attributes, ordered by those attributes. */
  async summary(groupBy: readonly JobSummaryField[], visibleTo?: JobVisibility): Promise<JobSummaryRow[]> {
    const columns = summaryColumns(groupBy);
    const where = jobWhere([], visibleTo, this.sql.dialect);
    const grouped = columns.length === 0 ? '' : ` GROUP BY ${columns.join(', ')} ORDER BY ${columns.join(', ')}`;
    const selected = [...columns, 'COUNT(*) AS total'].join(', ');
    const rows = await this.sql.rows(`SELECT ${selected} FROM jobs${where.sql}${grouped}`, where.params);
    return rows.map((row) => ({
      ...Object.fromEntries(columns.map((column) => [column, text(row, column)])),
      count: int(row, 'total'),
    }));
  }

  /**
   * Moves the job to `to` if, and only if, its status is one of `from` at that instant: one
   * `UPDATE … WHERE id = ? AND status IN (…)`, plus a logging record in the same transaction. Returns
   * false (and changes nothing, history included) when the job is in another state or does not exist.
   */
  async transition(jobId: number, change: JobTransition): Promise<boolean> {
    if (!isJobStatus(change.to.status)) {
      throw new TypeError(`"${String(change.to.status)}" is not a job status`);
    }
    if (change.from.length === 0) {
      return false;
    }
    const assignments = transitionAssignments(change);
    return this.sql.transaction(async (tx) => {
      const matched = await tx.execute(
        `UPDATE jobs SET ${assignments.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ? AND status IN ${placeholders(change.from.length)}`,
        [...assignments.map(([, value]) => value), jobId, ...change.from],
      );
      if (matched === 0) {
        return false;
      }
      await tx.execute(LOG_CURRENT_STATE, [change.time, clip(change.source, 64), jobId]);
      return true;
    });
  }

  /**
   * The same compare-and-set as `transition`, for many jobs in one transaction (a 10,000-job
   * submission moves through the optimizers in a few statements, not 20,000). Returns the ids that
   * were in one of `from` and moved; the others are left exactly as they were.
   */
  async transitionMany(jobIds: readonly number[], change: JobTransition): Promise<number[]> {
    if (jobIds.length === 0 || change.from.length === 0) {
      return [];
    }
    const assignments = transitionAssignments(change);
    const setClause = assignments.map(([column]) => `${column} = ?`).join(', ');
    const source = clip(change.source, 64);
    // Room for the assignments and the status list beside the ids of one chunk.
    const chunkSize = Math.min(IDS_PER_SELECT, this.sql.dialect.maxParameters - assignments.length - change.from.length - 2);
    const moved: number[] = [];
    await this.sql.transaction(async (tx) => {
      moved.length = 0; // a deadlock victim runs again from the start
      for (const chunk of chunks([...new Set(jobIds)], chunkSize)) {
        // Lock and read which jobs are in a `from` state, then move exactly those.
        const rows = await tx.rows(
          `SELECT id FROM jobs WHERE id IN ${placeholders(chunk.length)} AND status IN ${placeholders(change.from.length)}${this.sql.dialect.lockRows}`,
          [...chunk, ...change.from],
        );
        const ids = rows.map((row) => int(row, 'id'));
        if (ids.length === 0) {
          continue;
        }
        await tx.execute(`UPDATE jobs SET ${setClause} WHERE id IN ${placeholders(ids.length)}`, [
          ...assignments.map(([, value]) => value),
          ...ids,
        ]);
        await tx.execute(
          'INSERT INTO logging_records (jobId, status, minorStatus, applicationStatus, time, source) ' +
            `SELECT id, status, minorStatus, applicationStatus, ?, ? FROM jobs WHERE id IN ${placeholders(ids.length)}`,
          [change.time, source, ...ids],
        );
        moved.push(...ids);
      }
    });
    return moved;
  }

  /**
   * Changes the minor (and optionally application) status without a state change, logging it. With
   * `whileStatusIn`, only while the job is in one of those states (a late report from a pilot must not
   * touch a job that was killed meanwhile).
   */
  async setMinorStatus(
    jobId: number,
    minorStatus: string,
    options: { source: string; time: number; applicationStatus?: string; whileStatusIn?: readonly JobStatus[] },
  ): Promise<boolean> {
    const assignments: [string, SqlValue][] = [
      ['minorStatus', clip(minorStatus, 255)],
      ['lastUpdateTime', options.time],
    ];
    if (options.applicationStatus !== undefined) {
      assignments.push(['applicationStatus', clip(options.applicationStatus, 255)]);
    }
    const guard = statusGuard(options.whileStatusIn);
    return this.sql.transaction(async (tx) => {
      const matched = await tx.execute(
        `UPDATE jobs SET ${assignments.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?${guard.sql}`,
        [...assignments.map(([, value]) => value), jobId, ...guard.params],
      );
      if (matched > 0) {
        await tx.execute(LOG_CURRENT_STATE, [options.time, clip(options.source, 64), jobId]);
      }
      return matched > 0;
    });
  }

  /** Records a sign of life from the job's pilot (not logged: heartbeats are frequent). */
  async setHeartBeat(jobId: number, time: number, whileStatusIn?: readonly JobStatus[]): Promise<boolean> {
    const guard = statusGuard(whileStatusIn);
    return (await this.sql.execute(`UPDATE jobs SET heartBeatTime = ? WHERE id = ?${guard.sql}`, [time, jobId, ...guard.params])) > 0;
  }

  async setTaskQueue(jobId: number, taskQueueId: number | null): Promise<boolean> {
    return (await this.sql.execute('UPDATE jobs SET taskQueueId = ? WHERE id = ?', [taskQueueId, jobId])) > 0;
  }

  /** Adds one to the job's reschedule counter and returns the new value (null for an unknown job). */
  async incrementReschedule(jobId: number): Promise<number | null> {
    return this.sql.transaction(async (tx) => {
      await tx.execute('UPDATE jobs SET rescheduleCounter = rescheduleCounter + 1 WHERE id = ?', [jobId]);
      const [row] = await tx.rows('SELECT rescheduleCounter FROM jobs WHERE id = ?', [jobId]);
      return row === undefined ? null : int(row, 'rescheduleCounter');
    });
  }

  /** The job's history, oldest first. */
  async loggingHistory(jobId: number): Promise<LoggingRecord[]> {
    const rows = await this.sql.rows(
      'SELECT id, jobId, status, minorStatus, applicationStatus, time, source FROM logging_records WHERE jobId = ? ORDER BY time, id',
      [jobId],
    );
    return rows.map(toLoggingRecord);
  }

  /** The job's parameters, by name. */
  async parameters(jobId: number): Promise<JobParameter[]> {
    const rows = await this.sql.rows('SELECT name, value FROM job_parameters WHERE jobId = ? ORDER BY name', [jobId]);
    return rows.map((row) => ({ name: text(row, 'name'), value: text(row, 'value') }));
  }

  /** Sets (adds or overwrites) parameters of the job; others stay as they are. */
  async setParameters(jobId: number, parameters: Readonly<Record<string, string>>): Promise<void> {
    const entries = Object.entries(parameters);
    if (entries.length === 0) {
      return;
    }
    const upsert = this.sql.dialect.onConflictUpdate(['jobId', 'name'], ['value']);
    await this.sql.transaction(async (tx: Sql) => {
      for (const chunk of chunks(entries, 500)) {
        await tx.execute(
          `INSERT INTO job_parameters (jobId, name, value) VALUES ${chunk.map(() => placeholders(3)).join(', ')}${upsert}`,
          chunk.flatMap(([name, value]) => [jobId, clip(name, 255), value]),
        );
      }
    });
  }

  async jdl(jobId: number): Promise<JobJdl | null> {
    const [row] = await this.sql.rows('SELECT originalJdl, currentJdl FROM job_jdls WHERE jobId = ?', [jobId]);
    return row === undefined ? null : { original: text(row, 'originalJdl'), current: text(row, 'currentJdl') };
  }

  /** Replaces the current JDL (the optimizers' rewrite); the original stays as submitted. */
  async setCurrentJdl(jobId: number, jdl: string): Promise<boolean> {
    return (await this.sql.execute('UPDATE job_jdls SET currentJdl = ? WHERE jobId = ?', [jdl, jobId])) > 0;
  }
}

/** The attributes a transition sets besides the status triple; each spelled out, so only known columns reach the SQL. */
function attributeAssignments(set: JobAttributeChange): [string, SqlValue][] {
  const assignments: [string, SqlValue][] = [];
  if (set.site !== undefined) {
    assignments.push(['site', requireFits(set.site, 128, 'Site')]);
  }
  if (set.attempt !== undefined) {
    assignments.push(['attempt', set.attempt]);
  }
  if (set.taskQueueId !== undefined) {
    assignments.push(['taskQueueId', set.taskQueueId]);
  }
  if (set.heartBeatTime !== undefined) {
    assignments.push(['heartBeatTime', set.heartBeatTime]);
  }
  if (set.startExecTime !== undefined) {
    assignments.push(['startExecTime', set.startExecTime]);
  }
  if (set.endExecTime !== undefined) {
    assignments.push(['endExecTime', set.endExecTime]);
  }
  return assignments;
}

function statusGuard(statuses: readonly JobStatus[] | undefined): { sql: string; params: readonly SqlValue[] } {
  if (statuses === undefined) {
    return { sql: '', params: [] };
  }
  if (statuses.length === 0) {
    return { sql: ' AND 1 = 0', params: [] };
  }
  return { sql: ` AND status IN ${placeholders(statuses.length)}`, params: statuses };
}

/** The columns a transition sets, in the order of its UPDATE. */
function transitionAssignments(change: JobTransition): [string, SqlValue][] {
  const assignments: [string, SqlValue][] = [
    ['status', change.to.status],
    ['minorStatus', clip(change.to.minorStatus, 255)],
    ['lastUpdateTime', change.time],
  ];
  if (change.to.applicationStatus !== undefined) {
    assignments.push(['applicationStatus', clip(change.to.applicationStatus, 255)]);
  }
  assignments.push(...attributeAssignments(change.set ?? {}));
  return assignments;
}
