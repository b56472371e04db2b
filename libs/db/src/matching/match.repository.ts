import type { DataSource } from 'typeorm';
import { requireFits } from '../data-source/column-limits.js';
import { int, placeholders, text } from '../data-source/row-values.js';
import { SqlRunner, type Sql, type SqlValue } from '../data-source/sql-runner.js';
import { claimQueueHeads } from './claim-queue-heads.js';

/** A job just taken off its task queue, as the matcher's rules need to see it. */
export interface ClaimedJob {
  readonly jobId: number;
  readonly taskQueueId: number;
  readonly owner: string;
  readonly ownerGroup: string;
  readonly userPriority: number;
  /** The attempt number of the previous match (0 when never matched). */
  readonly previousAttempt: number;
  readonly currentJdl: string;
}

/**
 * One slot asking for work in a batch. The callbacks hold the matcher's rules and run inside the
 * batch's transaction, so they must be quick and touch nothing but memory; on MariaDB a deadlock
 * runs the whole batch again, calling them again.
 */
export interface SlotClaim {
  /**
   * The queue to claim from next, or undefined to give up; `empty` lists queues found empty so far,
   * `tries` how many queues this slot has been given before in this run of the batch (0 the first time).
   */
  nextQueue(empty: ReadonlySet<number>, tries: number): number | undefined;
  /** The job's own Requirements against the slot; a refused job goes back to its queue. */
  accepts(job: ClaimedJob): boolean;
  readonly site: string;
  readonly ce: string;
  readonly fencingToken: string;
  /** The pilot asking, when known: only it may then report on the attempt. */
  readonly pilotRef?: string;
}

/** A job now Matched to a slot, attempt n with its fencing token recorded. */
export interface MatchedJobRecord extends ClaimedJob {
  readonly attempt: number;
  readonly fencingToken: string;
}

export interface MatchBatchOptions {
  readonly time: number;
  readonly source: string;
  /** Jobs a slot may claim and put back (its Requirements refuse them) before it gives up. */
  readonly maxRefusalsPerSlot: number;
}

/**
 * Matching, as the database sees it: take jobs off their task queues and record them Matched to
 * the slots that asked — for a whole batch of slots in ONE transaction. One transaction per batch
 * (group commit) is what makes matching fast: the commit, not the statements, is the expensive part
 * on both databases. And one transaction per match makes it safe: a job is claimed, Matched and given
 * its attempt together or not at all (a crash can no longer leave a Matched job without an attempt).
 *
 * The claim (claimQueueHeads) takes each round's queue heads for all slots at once, atomically, so
 * concurrent batches (other replicas) never take the same job; queues are claimed in id order so two
 * batches lock queue heads in the same order.
 */
export class MatchRepository {
  private readonly sql: SqlRunner;

  /**
   * Batches worth running at once in one process: one. On SQLite there is one writer anyway; on
   * MariaDB, measured here, one batch at a time beats two or three side by side (~2,400 against
   * ~1,700 and ~1,300 matches/s): concurrent batches mostly wait on each other's queue-head locks.
   * Batches of other replicas still run in parallel, and their deadlocks are re-run (SqlRunner).
   */
  readonly parallelBatches = 1;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  /** For each slot, in order, the job it got or null. */
  async matchBatch(slots: readonly SlotClaim[], options: MatchBatchOptions): Promise<(MatchedJobRecord | null)[]> {
    if (slots.length === 0) {
      return [];
    }
    for (const slot of slots) {
      requireFits(slot.site, 128, 'Site');
      requireFits(slot.ce, 255, 'CE');
      requireFits(slot.pilotRef ?? '', 255, 'PilotRef');
    }
    return this.sql.transaction((tx) => new BatchMatch(tx, slots, options).run());
  }
}

/** One run of a batch inside its transaction (a fresh one when MariaDB makes it run again). */
class BatchMatch {
  private readonly results: (MatchedJobRecord | null)[];
  private readonly empty = new Set<number>();
  private readonly refused: ClaimedJob[] = [];
  private readonly refusals: number[];
  private readonly tries: number[];

  constructor(
    private readonly tx: Sql,
    private readonly slots: readonly SlotClaim[],
    private readonly options: MatchBatchOptions,
  ) {
    this.results = slots.map(() => null);
    this.refusals = slots.map(() => 0);
    this.tries = slots.map(() => 0);
  }

  async run(): Promise<(MatchedJobRecord | null)[]> {
    let open = this.slots.map((_, index) => index);
    while (open.length > 0) {
      open = await this.round(open);
    }
    await this.record();
    await this.putBack();
    return this.results;
  }

  /** Each open slot claims one job; returns the slots still open (their job was refused or gone). */
  private async round(open: readonly number[]): Promise<number[]> {
    const claims: { slot: number; queue: number }[] = [];
    for (const slot of open) {
      const queue =
        this.refusals[slot]! < this.options.maxRefusalsPerSlot ? this.slots[slot]!.nextQueue(this.empty, this.tries[slot]!++) : undefined;
      if (queue !== undefined) {
        claims.push({ slot, queue });
      }
    }
    const wanted = new Map<number, number>();
    for (const { queue } of claims) {
      wanted.set(queue, (wanted.get(queue) ?? 0) + 1);
    }
    const heads = await claimQueueHeads(this.tx, wanted);
    const claimed: { slot: number; jobId: number }[] = [];
    const stillOpen: number[] = [];
    for (const { slot, queue } of claims) {
      const jobId = heads.get(queue)?.shift();
      if (jobId === undefined) {
        this.empty.add(queue);
        stillOpen.push(slot);
      } else {
        claimed.push({ slot, jobId });
      }
    }
    const jobs = await this.readClaimed(claimed.map((claim) => claim.jobId));
    for (const { slot, jobId } of claimed) {
      const job = jobs.get(jobId);
      if (job === undefined) {
        stillOpen.push(slot); // a stale entry (the job left Waiting): the claim removed it, nothing else to do
      } else if (this.slots[slot]!.accepts(job)) {
        this.results[slot] = { ...job, attempt: job.previousAttempt + 1, fencingToken: this.slots[slot]!.fencingToken };
      } else {
        this.refused.push(job);
        this.refusals[slot]!++;
        stillOpen.push(slot);
      }
    }
    return stillOpen;
  }

  /**
   * The claimed jobs that are still Waiting, locked until the commit so no kill slips in between. The
   * status is checked here rather than in the WHERE: with `status = 'Waiting'` in the statement and a
   * two-column index on (status, lastUpdateTime) tried here, SQLite (which keeps no statistics) read the
   * whole Waiting range of that index instead of the 64 rows by id — 80 ms a batch at a million jobs.
   */
  private async readClaimed(jobIds: readonly number[]): Promise<Map<number, ClaimedJob>> {
    if (jobIds.length === 0) {
      return new Map();
    }
    const rows = await this.tx.rows(
      'SELECT j.id, j.status, j.taskQueueId, j.owner, j.ownerGroup, j.userPriority, j.attempt, d.currentJdl FROM jobs j ' +
        `JOIN job_jdls d ON d.jobId = j.id WHERE j.id IN ${placeholders(jobIds.length)}${this.tx.dialect.lockRows}`,
      jobIds,
    );
    return new Map(
      rows
        .filter((row) => text(row, 'status') === 'Waiting')
        .map((row) => [
          int(row, 'id'),
          {
            jobId: int(row, 'id'),
            taskQueueId: int(row, 'taskQueueId'),
            owner: text(row, 'owner'),
            ownerGroup: text(row, 'ownerGroup'),
            userPriority: int(row, 'userPriority'),
            previousAttempt: int(row, 'attempt'),
            currentJdl: text(row, 'currentJdl'),
          },
        ]),
    );
  }

  /** Matched, with a logging row and the attempt, for every slot that got a job. */
  private async record(): Promise<void> {
    const matched = this.results.flatMap((job, slot) => (job === null ? [] : [{ job, slot: this.slots[slot]! }]));
    if (matched.length === 0) {
      return;
    }
    const { time, source } = this.options;
    const bySite = new Map<string, number[]>();
    for (const { job, slot } of matched) {
      bySite.set(slot.site, [...(bySite.get(slot.site) ?? []), job.jobId]);
    }
    for (const [site, ids] of bySite) {
      // The rows are locked since readClaimed and were Waiting: this moves every one of them.
      await this.tx.execute(
        `UPDATE jobs SET status = 'Matched', minorStatus = 'Assigned', lastUpdateTime = ?, site = ?, attempt = attempt + 1 WHERE id IN ${placeholders(ids.length)}`,
        [time, site, ...ids],
      );
    }
    const ids = matched.map(({ job }) => job.jobId);
    await this.tx.execute(
      'INSERT INTO logging_records (jobId, status, minorStatus, applicationStatus, time, source) ' +
        `SELECT id, status, minorStatus, applicationStatus, ?, ? FROM jobs WHERE id IN ${placeholders(ids.length)}`,
      [time, source.slice(0, 64), ...ids],
    );
    await this.tx.execute(
      `INSERT INTO job_attempts (jobId, attempt, fencingToken, matchedAt, site, ce, pilotRef) VALUES ${matched.map(() => placeholders(7)).join(', ')}`,
      matched.flatMap(({ job, slot }): SqlValue[] => [
        job.jobId,
        job.attempt,
        job.fencingToken,
        time,
        slot.site,
        slot.ce,
        slot.pilotRef ?? null,
      ]),
    );
  }

  /** Refused jobs go back where they were, with the priority they had. */
  private async putBack(): Promise<void> {
    if (this.refused.length === 0) {
      return;
    }
    await this.tx.execute(
      `INSERT INTO waiting_jobs (taskQueueId, jobId, userPriority) VALUES ${this.refused.map(() => placeholders(3)).join(', ')}`,
      this.refused.flatMap((job) => [job.taskQueueId, job.jobId, job.userPriority]),
    );
  }
}
