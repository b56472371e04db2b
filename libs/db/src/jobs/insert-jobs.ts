import { JobStatus } from '@majorana/domain';
import { clip, requireFits } from '../data-source/column-limits.js';
import { chunks, int, placeholders } from '../data-source/row-values.js';
import type { Sql, SqlValue } from '../data-source/sql-runner.js';
import type { NewJob } from './job-record.js';

const JOB_INSERT_COLUMNS = [
  'status',
  'minorStatus',
  'applicationStatus',
  'owner',
  'ownerGroup',
  'vo',
  'site',
  'jobName',
  'jobGroup',
  'jobType',
  'userPriority',
  'taskQueueId',
  'attempt',
  'rescheduleCounter',
  'submissionTime',
  'lastUpdateTime',
] as const;
const LOG_COLUMNS = ['jobId', 'status', 'minorStatus', 'applicationStatus', 'time', 'source'] as const;

/**
 * Rows per multi-row INSERT: a few hundred statements' worth of round trips and parsing become one,
 * while staying far below SQLite's 32,766 bound values and MariaDB's packet size.
 */
const ROWS_PER_INSERT = 500;
/** JDLs can be large: also cut the JDL inserts at about this many characters (max_allowed_packet is 16 MiB). */
const JDL_CHARACTERS_PER_INSERT = 2_000_000;

const INITIAL_APPLICATION_STATUS = 'Unknown';

/**
 * Stores new jobs (Received, with their JDLs and a first logging record) and returns their ids in the
 * order given. Runs inside the caller's transaction.
 *
 * The ids come from `INSERT … RETURNING id` (SQLite ≥ 3.35, MariaDB ≥ 10.5). Within one statement
 * both databases hand out increasing ids in row order, but SQLite does not promise to return them in
 * that order, so they are sorted before being matched to the jobs.
 */
export async function insertJobs(tx: Sql, jobs: readonly NewJob[]): Promise<number[]> {
  const ids: number[] = [];
  for (const chunk of chunks(jobs, ROWS_PER_INSERT)) {
    const rows = await tx.rows(
      `INSERT INTO jobs (${JOB_INSERT_COLUMNS.join(', ')}) VALUES ${chunk.map(() => placeholders(JOB_INSERT_COLUMNS.length)).join(', ')} RETURNING id`,
      chunk.flatMap(jobValues),
    );
    const chunkIds = rows.map((row) => int(row, 'id')).sort((a, b) => a - b);
    if (chunkIds.length !== chunk.length) {
      throw new Error(`inserted ${chunk.length} jobs but the database returned ${chunkIds.length} ids`);
    }
    ids.push(...chunkIds);
  }
  const numbered = jobs.map((job, index) => ({ job, id: ids[index] ?? 0 }));
  for (const chunk of jdlChunks(numbered)) {
    await tx.execute(
      `INSERT INTO job_jdls (jobId, originalJdl, currentJdl) VALUES ${chunk.map(() => placeholders(3)).join(', ')}`,
      chunk.flatMap(({ job, id }) => [id, job.originalJdl, job.currentJdl]),
    );
  }
  for (const chunk of chunks(numbered, ROWS_PER_INSERT)) {
    await tx.execute(
      `INSERT INTO logging_records (${LOG_COLUMNS.join(', ')}) VALUES ${chunk.map(() => placeholders(LOG_COLUMNS.length)).join(', ')}`,
      chunk.flatMap(({ job, id }) => [
        id,
        JobStatus.Received,
        initialMinorStatus(job),
        INITIAL_APPLICATION_STATUS,
        job.submissionTime,
        clip(job.source ?? 'JobManager', 64),
      ]),
    );
  }
  return ids;
}

function jobValues(job: NewJob): SqlValue[] {
  if (!Number.isSafeInteger(job.userPriority) || !Number.isSafeInteger(job.submissionTime)) {
    throw new TypeError('userPriority and submissionTime must be integers');
  }
  return [
    JobStatus.Received,
    initialMinorStatus(job),
    INITIAL_APPLICATION_STATUS,
    requireFits(job.owner, 255, 'Owner'),
    requireFits(job.ownerGroup, 255, 'OwnerGroup'),
    requireFits(job.vo, 255, 'VO'),
    requireFits(job.site ?? 'ANY', 128, 'Site'),
    requireFits(job.jobName, 255, 'JobName'),
    requireFits(job.jobGroup ?? '', 255, 'JobGroup'),
    requireFits(job.jobType, 64, 'JobType'),
    job.userPriority,
    null,
    0,
    0,
    job.submissionTime,
    job.submissionTime,
  ];
}

function initialMinorStatus(job: NewJob): string {
  return clip(job.minorStatus ?? 'Job accepted', 255);
}

function* jdlChunks<T extends { job: NewJob }>(rows: readonly T[]): Generator<T[]> {
  let chunk: T[] = [];
  let characters = 0;
  for (const row of rows) {
    const size = row.job.originalJdl.length + row.job.currentJdl.length;
    if (chunk.length > 0 && (chunk.length >= ROWS_PER_INSERT || characters + size > JDL_CHARACTERS_PER_INSERT)) {
      yield chunk;
      chunk = [];
      characters = 0;
    }
    chunk.push(row);
    characters += size;
  }
  if (chunk.length > 0) {
    yield chunk;
  }
}
