import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dialectOf } from '../data-source/sql-dialect.js';

/** Task queues, the claim table of waiting jobs (DIRAC TaskQueueDB) and the attempts of matched jobs. */
export class CreateTaskQueues1764100100000 implements MigrationInterface {
  name = 'CreateTaskQueues1764100100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { string, longText } = dialectOf(queryRunner.connection).columns;
    await queryRunner.createTable(
      new Table({
        name: 'task_queues',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'key', ...string(64) },
          { name: 'definition', ...longText() },
          { name: 'owner', ...string(255) },
          { name: 'ownerGroup', ...string(255) },
          { name: 'vo', ...string(255) },
          { name: 'cpuTime', type: 'integer' },
          { name: 'createdAt', type: 'bigint' },
        ],
        indices: [{ name: 'UQ_task_queues_key', columnNames: ['key'], isUnique: true }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'waiting_jobs',
        columns: [
          { name: 'jobId', type: 'integer', isPrimary: true },
          { name: 'taskQueueId', type: 'integer' },
          { name: 'userPriority', type: 'integer' },
        ],
      }),
    );
    // The claim reads this index from its head: the queue's highest priority, then its oldest job.
    // Raw SQL because TypeORM's TableIndex cannot say DESC; the statement is the same on SQLite and
    // MariaDB (10.8+ honours DESC; 10.5–10.7 parse and ignore it, and then sort a queue's entries per claim).
    await queryRunner.query('CREATE INDEX IDX_waiting_jobs_claim ON waiting_jobs (taskQueueId, userPriority DESC, jobId)');
    await queryRunner.createTable(
      new Table({
        name: 'job_attempts',
        columns: [
          { name: 'jobId', type: 'integer', isPrimary: true },
          { name: 'attempt', type: 'integer', isPrimary: true },
          { name: 'fencingToken', ...string(64) },
          { name: 'matchedAt', type: 'bigint' },
          { name: 'site', ...string(128) },
          { name: 'ce', ...string(255) },
          { name: 'pilotRef', ...string(255), isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['job_attempts', 'waiting_jobs', 'task_queues']) {
      await queryRunner.dropTable(table);
    }
  }
}
