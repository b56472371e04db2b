import type { DataSource } from 'typeorm';
import { requireFits } from '../data-source/column-limits.js';
import { int, intOrNull, placeholders, text, textOrNull } from '../data-source/row-values.js';
import { SqlRunner, type SqlRow, type SqlValue } from '../data-source/sql-runner.js';

/**
 * A pilot's life as the server sees it (DIRAC's PilotAgentsDB statuses, plus Disconnected):
 *
 * | from         | to                                   | when                                        |
 * |--------------|--------------------------------------|---------------------------------------------|
 * | (none)       | Submitted                            | a site director submitted it to a CE        |
 * | Submitted    | Waiting                              | its CE says it is queued in the batch system |
 * | (none), Submitted, Waiting, Disconnected | Running   | it said hello on a WebSocket               |
 * | Running      | Disconnected                         | its connection dropped without a goodbye    |
 * | Running, Disconnected | Done / Failed               | goodbye (Failed when the reason is `error`) |
 * | Submitted, Waiting, Running, Disconnected | Aborted | cancelled, lost, or its CE says it ended    |
 * | Done, Failed, Aborted | Deleted                     | the cleaning agent, once it ended long ago  |
 */
export const PILOT_STATUSES = ['Submitted', 'Waiting', 'Running', 'Disconnected', 'Done', 'Failed', 'Aborted', 'Deleted'] as const;
export type PilotStatus = (typeof PILOT_STATUSES)[number];
export const FINAL_PILOT_STATUSES: readonly PilotStatus[] = ['Done', 'Failed', 'Aborted', 'Deleted'];

export interface PilotRecord {
  readonly pilotRef: string;
  readonly status: PilotStatus;
  readonly ce: string;
  readonly site: string;
  readonly pilotVersion: string;
  /** The user of the pilot credential it connected with ('' before hello). */
  readonly subject: string;
  /** The server replica holding its WebSocket, while connected. */
  readonly replicaId: string | null;
  /** The resources of its hello, as JSON text ('{}' before hello). */
  readonly resources: string;
  readonly submittedAt: number | null;
  readonly connectedAt: number | null;
  readonly lastContact: number;
  readonly endedAt: number | null;
  readonly endReason: string;
  readonly jobsRun: number;
}

export interface PilotHello {
  readonly pilotRef: string;
  readonly ce: string;
  readonly site: string;
  readonly pilotVersion: string;
  readonly subject: string;
  readonly replicaId: string;
  readonly resources: string;
  readonly time: number;
}

export interface PilotFilter {
  readonly status?: readonly PilotStatus[];
  readonly ce?: string;
  readonly site?: string;
  readonly limit?: number;
  readonly offset?: number;
}

const COLUMNS =
  'pilotRef, status, ce, site, pilotVersion, subject, replicaId, resources, submittedAt, connectedAt, lastContact, endedAt, endReason, jobsRun';
const NOT_FINAL = `status NOT IN ('Done', 'Failed', 'Aborted', 'Deleted')`;

/** The pilots table. Every change is a single statement, safe beside other replicas. */
export class PilotRepository {
  private readonly sql: SqlRunner;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  /** Pilots a site director just submitted; a ref already known is left alone. */
  async recordSubmitted(pilots: readonly { pilotRef: string; ce: string; site: string; time: number }[]): Promise<void> {
    if (pilots.length === 0) {
      return;
    }
    const ignore = this.sql.dialect.onConflictDoNothing(['pilotRef'], 'pilotRef');
    await this.sql.execute(
      `INSERT INTO pilots (${COLUMNS}) VALUES ${pilots.map(() => placeholders(14)).join(', ')}${ignore}`,
      pilots.flatMap((pilot): SqlValue[] => [
        requireFits(pilot.pilotRef, 255, 'PilotRef'),
        'Submitted',
        requireFits(pilot.ce, 255, 'CE'),
        requireFits(pilot.site, 128, 'Site'),
        '',
        '',
        null,
        '{}',
        pilot.time,
        null,
        pilot.time,
        null,
        '',
        0,
      ]),
    );
  }

  /**
   * A pilot said hello on `replicaId`: Running there. A pilot that ended (Done, Failed, Aborted) stays
   * ended and false is returned: its ref must not come back to life.
   */
  async connected(hello: PilotHello): Promise<boolean> {
    const values = [
      requireFits(hello.ce, 255, 'CE'),
      requireFits(hello.site, 128, 'Site'),
      requireFits(hello.pilotVersion, 64, 'PilotVersion'),
      requireFits(hello.subject, 255, 'Subject'),
      requireFits(hello.replicaId, 64, 'ReplicaId'),
      hello.resources,
    ];
    return this.sql.transaction(async (tx) => {
      const updated = await tx.execute(
        `UPDATE pilots SET status = 'Running', ce = ?, site = ?, pilotVersion = ?, subject = ?, replicaId = ?, resources = ?, ` +
          `connectedAt = COALESCE(connectedAt, ?), lastContact = ? WHERE pilotRef = ? AND ${NOT_FINAL}`,
        [...values, hello.time, hello.time, hello.pilotRef],
      );
      if (updated > 0) {
        return true;
      }
      const [existing] = await tx.rows('SELECT status FROM pilots WHERE pilotRef = ?', [hello.pilotRef]);
      if (existing !== undefined) {
        return false;
      }
      await tx.execute(`INSERT INTO pilots (${COLUMNS}) VALUES ${placeholders(14)}`, [
        requireFits(hello.pilotRef, 255, 'PilotRef'),
        'Running',
        ...values.slice(0, 5),
        hello.resources,
        null,
        hello.time,
        hello.time,
        null,
        '',
        0,
      ]);
      return true;
    });
  }

  /**
   * Its CE reports these pilots queued in the batch system: Submitted ones become Waiting (one
   * statement for many). Returns how many changed; a pilot that said hello meanwhile stays Running.
   */
  async markWaiting(pilotRefs: readonly string[]): Promise<number> {
    if (pilotRefs.length === 0) {
      return 0;
    }
    return this.sql.execute(
      `UPDATE pilots SET status = 'Waiting' WHERE status = 'Submitted' AND pilotRef IN ${placeholders(pilotRefs.length)}`,
      [...pilotRefs],
    );
  }

  /** Pilots that ended before `endedBefore` become Deleted, their kept output gone (the cleaning agent); returns how many. */
  async markDeletedEndedBefore(endedBefore: number, limit: number): Promise<number> {
    const rows = await this.sql.rows(
      "SELECT pilotRef FROM pilots WHERE status IN ('Done', 'Failed', 'Aborted') AND endedAt < ? ORDER BY endedAt LIMIT ?",
      [endedBefore, limit],
    );
    if (rows.length === 0) {
      return 0;
    }
    const refs = rows.map((row) => text(row, 'pilotRef'));
    return this.sql.transaction(async (tx) => {
      await tx.execute(`DELETE FROM pilot_outputs WHERE pilotRef IN ${placeholders(refs.length)}`, refs);
      return tx.execute(
        `UPDATE pilots SET status = 'Deleted' WHERE status IN ('Done', 'Failed', 'Aborted') AND pilotRef IN ${placeholders(refs.length)}`,
        refs,
      );
    });
  }

  /** Notes that the pilots were heard from (one statement for many). */
  async touch(pilotRefs: readonly string[], time: number): Promise<void> {
    if (pilotRefs.length > 0) {
      await this.sql.execute(`UPDATE pilots SET lastContact = ? WHERE pilotRef IN ${placeholders(pilotRefs.length)}`, [time, ...pilotRefs]);
    }
  }

  /** Its connection on `replicaId` dropped without a goodbye; it may come back. */
  async disconnected(pilotRef: string, replicaId: string, time: number): Promise<void> {
    await this.sql.execute(
      `UPDATE pilots SET status = 'Disconnected', replicaId = NULL, lastContact = ? WHERE pilotRef = ? AND status = 'Running' AND replicaId = ?`,
      [time, pilotRef, replicaId],
    );
  }

  /** The pilot ended (goodbye, cancel, lost); an already ended pilot keeps its first ending. */
  async ended(pilotRef: string, status: 'Done' | 'Failed' | 'Aborted', reason: string, time: number): Promise<boolean> {
    const changed = await this.sql.execute(
      `UPDATE pilots SET status = ?, replicaId = NULL, endedAt = ?, endReason = ?, lastContact = ? WHERE pilotRef = ? AND ${NOT_FINAL}`,
      [status, time, reason.slice(0, 255), time, pilotRef],
    );
    return changed > 0;
  }

  /** Every pilot still marked Running on a replica that stopped: Disconnected (they reconnect elsewhere). */
  async releaseReplica(replicaId: string, time: number): Promise<number> {
    return this.sql.execute(
      `UPDATE pilots SET status = 'Disconnected', replicaId = NULL, lastContact = ? WHERE replicaId = ? AND status = 'Running'`,
      [time, replicaId],
    );
  }

  /** Asks the pilot to finish its jobs and leave; false when it has ended or is unknown. */
  async requestDrain(pilotRef: string, time: number): Promise<boolean> {
    return (
      (await this.sql.execute(`UPDATE pilots SET drainRequestedAt = COALESCE(drainRequestedAt, ?) WHERE pilotRef = ? AND ${NOT_FINAL}`, [
        time,
        pilotRef,
      ])) > 0
    );
  }

  /** Of these connected pilots, the ones asked to drain. */
  async drainRequested(pilotRefs: readonly string[]): Promise<string[]> {
    if (pilotRefs.length === 0) {
      return [];
    }
    const rows = await this.sql.rows(
      `SELECT pilotRef FROM pilots WHERE drainRequestedAt IS NOT NULL AND pilotRef IN ${placeholders(pilotRefs.length)}`,
      [...pilotRefs],
    );
    return rows.map((row) => text(row, 'pilotRef'));
  }

  async addJobsRun(pilotRef: string, count: number): Promise<void> {
    await this.sql.execute('UPDATE pilots SET jobsRun = jobsRun + ? WHERE pilotRef = ?', [count, pilotRef]);
  }

  async find(pilotRef: string): Promise<PilotRecord | null> {
    const [row] = await this.sql.rows(`SELECT ${COLUMNS} FROM pilots WHERE pilotRef = ?`, [pilotRef]);
    return row === undefined ? null : toRecord(row);
  }

  /** Newest contact first. */
  async list(filter: PilotFilter = {}): Promise<PilotRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.status !== undefined && filter.status.length > 0) {
      where.push(`status IN ${placeholders(filter.status.length)}`);
      params.push(...filter.status);
    }
    if (filter.ce !== undefined) {
      where.push('ce = ?');
      params.push(filter.ce);
    }
    if (filter.site !== undefined) {
      where.push('site = ?');
      params.push(filter.site);
    }
    const rows = await this.sql.rows(
      `SELECT ${COLUMNS} FROM pilots${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY lastContact DESC, pilotRef LIMIT ? OFFSET ?`,
      [...params, filter.limit ?? 1_000, filter.offset ?? 0],
    );
    return rows.map(toRecord);
  }

  /** The pilots of `ce` that have not ended, counted by status (a site director's view of its CE). */
  async countOpenByStatus(ce: string): Promise<Map<PilotStatus, number>> {
    const rows = await this.sql.rows(`SELECT status, COUNT(*) AS n FROM pilots WHERE ce = ? AND ${NOT_FINAL} GROUP BY status`, [ce]);
    return new Map(rows.map((row) => [text(row, 'status') as PilotStatus, int(row, 'n')]));
  }

  async count(filter: Pick<PilotFilter, 'status'> = {}): Promise<number> {
    const statuses = filter.status ?? [];
    const [row] = await this.sql.rows(
      `SELECT COUNT(*) AS n FROM pilots${statuses.length > 0 ? ` WHERE status IN ${placeholders(statuses.length)}` : ''}`,
      [...statuses],
    );
    return row === undefined ? 0 : int(row, 'n');
  }

  /** The pilots that ran (or run) the job, first attempt first. */
  async forJob(jobId: number): Promise<(PilotRecord & { attempt: number })[]> {
    const rows = await this.sql.rows(
      `SELECT a.attempt, ${COLUMNS.split(', ')
        .map((column) => `p.${column}`)
        .join(', ')} FROM job_attempts a JOIN pilots p ON p.pilotRef = a.pilotRef WHERE a.jobId = ? ORDER BY a.attempt`,
      [jobId],
    );
    return rows.map((row) => ({ ...toRecord(row), attempt: int(row, 'attempt') }));
  }
}

function toRecord(row: SqlRow): PilotRecord {
  return {
    pilotRef: text(row, 'pilotRef'),
    status: text(row, 'status') as PilotStatus,
    ce: text(row, 'ce'),
    site: text(row, 'site'),
    pilotVersion: text(row, 'pilotVersion'),
    subject: text(row, 'subject'),
    replicaId: textOrNull(row, 'replicaId'),
    resources: text(row, 'resources'),
    submittedAt: intOrNull(row, 'submittedAt'),
    connectedAt: intOrNull(row, 'connectedAt'),
    lastContact: int(row, 'lastContact'),
    endedAt: intOrNull(row, 'endedAt'),
    endReason: text(row, 'endReason'),
    jobsRun: int(row, 'jobsRun'),
  };
}
