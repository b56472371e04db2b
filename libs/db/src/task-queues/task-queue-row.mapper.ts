import { int, text } from '../data-source/row-values.js';
import type { SqlRow } from '../data-source/sql-runner.js';
import type { TaskQueueRecord } from './task-queue-record.js';

export const TASK_QUEUE_COLUMNS = 'id, `key`, definition, owner, ownerGroup, vo, cpuTime, createdAt';

export function toTaskQueueRecord(row: SqlRow): TaskQueueRecord {
  return {
    id: int(row, 'id'),
    key: text(row, 'key'),
    definition: text(row, 'definition'),
    owner: text(row, 'owner'),
    ownerGroup: text(row, 'ownerGroup'),
    vo: text(row, 'vo'),
    cpuTime: int(row, 'cpuTime'),
    createdAt: int(row, 'createdAt'),
  };
}
