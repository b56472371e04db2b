// The baseline every match figure is read against: WaitingJobRepository.claim alone (THE atomic
// DELETE … RETURNING, through the same SqlRunner and connection pool as the server), on the same
// database, measured in the same rounds as the matches.
import { WaitingJobRepository } from '@majorana/db';
import { DataSource } from 'typeorm';
import { QUEUES } from './workload.mjs';

/** Far above any real task-queue or job id, so the baseline's entries never meet the real ones. */
const FAKE_BASE = 900_000_000;

/**
 * Enqueues `count` entries spread over QUEUES task-queue ids no task queue has (the matcher never
 * sees them) and returns the workload that claims them from a random one of those queues.
 */
export async function rawClaimWorkload(server, count, name) {
  const waiting = server.app.get(WaitingJobRepository);
  const entries = Array.from({ length: count }, (_, index) => ({
    taskQueueId: FAKE_BASE + (index % QUEUES),
    jobId: FAKE_BASE + index,
    userPriority: index % 3,
  }));
  await waiting.enqueue(entries);
  return {
    name,
    call: () => waiting.claim(FAKE_BASE + Math.floor(Math.random() * QUEUES)),
    /** Takes the left-over entries away again. */
    remove: () => server.app.get(DataSource).query('DELETE FROM waiting_jobs WHERE taskQueueId >= ?', [FAKE_BASE]),
  };
}
