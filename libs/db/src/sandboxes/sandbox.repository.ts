import type { JobStatus } from '@majorana/domain';
import type { DataSource } from 'typeorm';
import { requireFits } from '../data-source/column-limits.js';
import { chunks, int, intOrNull, placeholders, text } from '../data-source/row-values.js';
import { SqlRunner, type Sql, type SqlRow } from '../data-source/sql-runner.js';

/** A job has at most one sandbox of each kind: the one its pilot unpacks, the one its pilot sent back. */
export type JobSandboxKind = 'input' | 'output';

/** An owner's hold on a stored archive: the owner uploaded it (or a pilot stored it for the owner's job). */
export interface SandboxRecord {
  readonly owner: string;
  /** The archive's sha256 (lowercase hex), which is also its name in the store. */
  readonly sha256: string;
  readonly bytes: number;
  readonly createdAt: number;
  /** Last upload of the same content or last submission referencing it; retention counts from here. */
  readonly lastUsedAt: number;
}

/** Which archive a job uses as its input or output sandbox. */
export interface JobSandboxRecord {
  readonly jobId: number;
  readonly kind: JobSandboxKind;
  readonly owner: string;
  readonly sha256: string;
  /** The attempt whose pilot uploaded an output sandbox; null for an input sandbox. */
  readonly attempt: number | null;
  readonly createdAt: number;
}

/** A job's input sandbox, to link right after the job was stored. */
export interface InputSandboxLink {
  readonly jobId: number;
  readonly owner: string;
  readonly sha256: string;
}

/** An output sandbox, stored only while its attempt is still the job's current one. */
export interface OutputSandboxLink {
  readonly jobId: number;
  readonly owner: string;
  readonly sha256: string;
  readonly attempt: number;
  readonly time: number;
  /** The job must be in one of these states when the link is written (a compare-and-set). */
  readonly whileStatusIn: readonly JobStatus[];
}

const LINK_COLUMNS = ['jobId', 'kind', 'owner', 'sha256', 'attempt', 'createdAt'] as const;
/** Rows per multi-row INSERT (6 values each), well below both databases' bound-parameter limits. */
const ROWS_PER_INSERT = 500;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The sandboxes an owner holds and the sandboxes each job uses. The archives themselves are in a
 * content-addressed store outside the database; a stored archive is needed as long as any owner holds
 * it ({@link isHeld}), and an owner's hold ends when no job of theirs uses it any more (released with
 * the job, or purged once unused for long).
 */
export class SandboxRepository {
  private readonly sql: SqlRunner;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  /** The owner holds the archive from now on; holding it already only marks it used at `time`. */
  async record(owner: string, sha256: string, bytes: number, time: number): Promise<void> {
    await this.sql.execute(
      `INSERT INTO sandboxes (owner, sha256, bytes, createdAt, lastUsedAt) VALUES (?, ?, ?, ?, ?)` +
        this.sql.dialect.onConflictUpdate(['owner', 'sha256'], ['lastUsedAt']),
      [requireFits(owner, 255, 'Owner'), checkedSha256(sha256), bytes, time, time],
    );
  }

  async find(owner: string, sha256: string): Promise<SandboxRecord | null> {
    const [row] = await this.sql.rows('SELECT owner, sha256, bytes, createdAt, lastUsedAt FROM sandboxes WHERE owner = ? AND sha256 = ?', [
      owner,
      sha256,
    ]);
    return row === undefined ? null : toSandboxRecord(row);
  }

  /**
   * Marks the owner's archives used at `time` and returns those the owner does NOT hold (empty when
   * all are theirs). One statement in the usual case, so a submission pays one query whatever its
   * number of jobs; the missing ones are looked up only when there are some.
   */
  async markUsed(owner: string, sha256s: readonly string[], time: number): Promise<string[]> {
    const wanted = [...new Set(sha256s)];
    if (wanted.length === 0) {
      return [];
    }
    const found = await this.sql.execute(
      `UPDATE sandboxes SET lastUsedAt = ? WHERE owner = ? AND sha256 IN ${placeholders(wanted.length)}`,
      [time, owner, ...wanted],
    );
    if (found === wanted.length) {
      return [];
    }
    const rows = await this.sql.rows(`SELECT sha256 FROM sandboxes WHERE owner = ? AND sha256 IN ${placeholders(wanted.length)}`, [
      owner,
      ...wanted,
    ]);
    const held = new Set(rows.map((row) => text(row, 'sha256')));
    return wanted.filter((sha256) => !held.has(sha256));
  }

  /** Links freshly stored jobs to their input sandboxes, all in one transaction. */
  async linkInputs(links: readonly InputSandboxLink[], time: number): Promise<void> {
    if (links.length === 0) {
      return;
    }
    await this.sql.transaction(async (tx) => {
      for (const chunk of chunks(links, ROWS_PER_INSERT)) {
        await tx.execute(
          `INSERT INTO job_sandboxes (${LINK_COLUMNS.join(', ')}) VALUES ${chunk.map(() => placeholders(LINK_COLUMNS.length)).join(', ')}`,
          chunk.flatMap((link) => [link.jobId, 'input', link.owner, checkedSha256(link.sha256), null, time]),
        );
      }
    });
  }

  /**
   * Makes the archive the job's output sandbox (replacing an earlier attempt's) and the owner's, but
   * only if the job is still at `attempt` and in one of `whileStatusIn` when the row is written: a pilot
   * whose job was rescheduled meanwhile must not overwrite the output of the newer attempt. Returns
   * whether it was written.
   */
  async setOutput(link: OutputSandboxLink, bytes: number): Promise<boolean> {
    const { dialect } = this.sql;
    return this.sql.transaction(async (tx) => {
      const [job] = await tx.rows(`SELECT attempt, status FROM jobs WHERE id = ?${dialect.lockRows}`, [link.jobId]);
      if (job === undefined || int(job, 'attempt') !== link.attempt || !link.whileStatusIn.includes(text(job, 'status') as JobStatus)) {
        return false;
      }
      await tx.execute(
        `INSERT INTO sandboxes (owner, sha256, bytes, createdAt, lastUsedAt) VALUES (?, ?, ?, ?, ?)` +
          dialect.onConflictUpdate(['owner', 'sha256'], ['lastUsedAt']),
        [link.owner, checkedSha256(link.sha256), bytes, link.time, link.time],
      );
      await tx.execute(
        `INSERT INTO job_sandboxes (${LINK_COLUMNS.join(', ')}) VALUES ${placeholders(LINK_COLUMNS.length)}` +
          dialect.onConflictUpdate(['jobId', 'kind'], ['owner', 'sha256', 'attempt', 'createdAt']),
        [link.jobId, 'output', link.owner, link.sha256, link.attempt, link.time],
      );
      return true;
    });
  }

  async jobSandbox(jobId: number, kind: JobSandboxKind): Promise<JobSandboxRecord | null> {
    const [row] = await this.sql.rows(`SELECT ${LINK_COLUMNS.join(', ')} FROM job_sandboxes WHERE jobId = ? AND kind = ?`, [jobId, kind]);
    return row === undefined ? null : toJobSandboxRecord(row);
  }

  /**
   * Unlinks the job's sandboxes, and ends its owner's hold on each archive that no other job of the
   * owner uses and that was not used since `keepUsedSince` (a submission that checked the archive a
   * moment ago may be about to link it). Returns the sha256 of the archives whose hold ended: the
   * caller removes those nobody holds any more.
   */
  async releaseJob(jobId: number, keepUsedSince: number): Promise<string[]> {
    const { dialect } = this.sql;
    return this.sql.transaction(async (tx) => {
      const linked = await tx.rows(`SELECT owner, sha256 FROM job_sandboxes WHERE jobId = ?${dialect.lockRows}`, [jobId]);
      if (linked.length === 0) {
        return [];
      }
      await tx.execute('DELETE FROM job_sandboxes WHERE jobId = ?', [jobId]);
      const released: string[] = [];
      const seen = new Set<string>();
      for (const row of linked) {
        const owner = text(row, 'owner');
        const sha256 = text(row, 'sha256');
        if (seen.has(`${owner}\n${sha256}`)) {
          continue;
        }
        seen.add(`${owner}\n${sha256}`);
        const deleted = await tx.execute(`DELETE FROM sandboxes WHERE owner = ? AND sha256 = ? AND lastUsedAt < ? AND ${UNUSED}`, [
          owner,
          sha256,
          keepUsedSince,
        ]);
        if (deleted > 0 && !released.includes(sha256)) {
          released.push(sha256);
        }
      }
      return released;
    });
  }

  /**
   * Ends every hold on archives that no job uses and nobody used since `olderThan` (uploads never
   * submitted, outputs of purged jobs, outputs replaced by a later attempt). Returns their sha256.
   */
  async purgeUnreferenced(olderThan: number): Promise<string[]> {
    const { dialect } = this.sql;
    return this.sql.transaction(async (tx: Sql) => {
      const rows = await tx.rows(`SELECT DISTINCT sha256 FROM sandboxes WHERE lastUsedAt < ? AND ${UNUSED}${dialect.lockRows}`, [
        olderThan,
      ]);
      if (rows.length === 0) {
        return [];
      }
      await tx.execute(`DELETE FROM sandboxes WHERE lastUsedAt < ? AND ${UNUSED}`, [olderThan]);
      return rows.map((row) => text(row, 'sha256'));
    });
  }

  /** Whether anyone holds the archive or any job uses it: if not, its stored file may go. */
  async isHeld(sha256: string): Promise<boolean> {
    const rows = await this.sql.rows(
      'SELECT 1 AS held FROM sandboxes WHERE sha256 = ? UNION ALL SELECT 1 AS held FROM job_sandboxes WHERE sha256 = ?',
      [sha256, sha256],
    );
    return rows.length > 0;
  }
}

/** No job of the hold's owner uses the archive (`sandboxes` rows only; correlated on its columns). */
const UNUSED = 'NOT EXISTS (SELECT 1 FROM job_sandboxes j WHERE j.sha256 = sandboxes.sha256 AND j.owner = sandboxes.owner)';

function checkedSha256(sha256: string): string {
  if (!SHA256.test(sha256)) {
    throw new TypeError(`a sandbox is named by its sha256 in lowercase hex, not "${sha256}"`);
  }
  return sha256;
}

function toSandboxRecord(row: SqlRow): SandboxRecord {
  return {
    owner: text(row, 'owner'),
    sha256: text(row, 'sha256'),
    bytes: int(row, 'bytes'),
    createdAt: int(row, 'createdAt'),
    lastUsedAt: int(row, 'lastUsedAt'),
  };
}

function toJobSandboxRecord(row: SqlRow): JobSandboxRecord {
  return {
    jobId: int(row, 'jobId'),
    kind: text(row, 'kind') === 'output' ? 'output' : 'input',
    owner: text(row, 'owner'),
    sha256: text(row, 'sha256'),
    attempt: intOrNull(row, 'attempt'),
    createdAt: int(row, 'createdAt'),
  };
}
