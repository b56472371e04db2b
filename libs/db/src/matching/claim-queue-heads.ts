import { int, placeholders } from '../data-source/row-values.js';
import type { Sql, SqlRow } from '../data-source/sql-runner.js';

/** Queues worth claiming from in one MariaDB statement (each is one parenthesised SELECT of a UNION). */
const QUEUES_PER_STATEMENT = 64;

/**
 * Takes up to `wanted.get(queue)` entries off the head of each task queue (highest userPriority, then
 * oldest job) and returns, per queue, the job ids taken in head order. A queue that gives fewer than
 * asked is empty for this transaction. Runs inside the caller's transaction: the entries are gone for
 * everyone else once it commits, and back if it rolls back.
 *
 * Why two shapes. On SQLite every statement is a function call in this process, so one
 * `DELETE … RETURNING` per queue costs nothing worth saving. On MariaDB every statement is a network
 * round trip, and a batch of 64 slots spread by fair share over ~50 queues spent most of its time in
 * 64 claims one after another: here the heads of all queues are locked by ONE UNION of
 * `SELECT … LIMIT n FOR UPDATE` and deleted by ONE `DELETE`. Not SKIP LOCKED: a slot would then be
 * told "no work" while another replica's batch merely held the head it wanted; waiting for that batch
 * and reading past the entries it deleted is what the one-by-one `DELETE … RETURNING` did too. The
 * queues are locked in id order, so batches of two replicas wait on each other without deadlocking.
 */
export async function claimQueueHeads(tx: Sql, wanted: ReadonlyMap<number, number>): Promise<Map<number, number[]>> {
  const claimed = new Map<number, number[]>();
  const queues = [...wanted.entries()].filter(([, count]) => count > 0).sort(([a], [b]) => a - b);
  if (tx.dialect.kind === 'sqlite') {
    for (const [queue, count] of queues) {
      const rows = await tx.rows(
        'DELETE FROM waiting_jobs WHERE jobId IN ' +
          '(SELECT jobId FROM waiting_jobs WHERE taskQueueId = ? ORDER BY userPriority DESC, jobId LIMIT ?) RETURNING jobId, userPriority',
        [queue, count],
      );
      claimed.set(queue, inHeadOrder(rows));
    }
    return claimed;
  }
  for (let start = 0; start < queues.length; start += QUEUES_PER_STATEMENT) {
    const chunk = queues.slice(start, start + QUEUES_PER_STATEMENT);
    const heads = await tx.rows(
      chunk
        .map(
          () =>
            '(SELECT jobId, taskQueueId, userPriority FROM waiting_jobs WHERE taskQueueId = ? ' +
            'ORDER BY userPriority DESC, jobId LIMIT ? FOR UPDATE)',
        )
        .join(' UNION ALL '),
      chunk.flat(),
    );
    if (heads.length > 0) {
      await tx.execute(
        `DELETE FROM waiting_jobs WHERE jobId IN ${placeholders(heads.length)}`,
        heads.map((row) => int(row, 'jobId')),
      );
    }
    for (const [queue] of chunk) {
      claimed.set(queue, inHeadOrder(heads.filter((row) => int(row, 'taskQueueId') === queue)));
    }
  }
  return claimed;
}

/** RETURNING and UNION promise no order: put the rows back in the queue's own. */
function inHeadOrder(rows: readonly SqlRow[]): number[] {
  return rows
    .map((row) => ({ jobId: int(row, 'jobId'), priority: int(row, 'userPriority') }))
    .sort((a, b) => b.priority - a.priority || a.jobId - b.jobId)
    .map((entry) => entry.jobId);
}
