import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dialectOf } from '../data-source/sql-dialect.js';

/** The job tables of DIRAC's JobDB and JobLoggingDB: jobs, their JDLs, history and parameters. */
export class CreateJobs1764100000000 implements MigrationInterface {
  name = 'CreateJobs1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { string, text, longText } = dialectOf(queryRunner.connection).columns;
    await queryRunner.createTable(
      new Table({
        name: 'jobs',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'status', ...string(32) },
          { name: 'minorStatus', ...string(255) },
          { name: 'applicationStatus', ...string(255) },
          { name: 'owner', ...string(255) },
          { name: 'ownerGroup', ...string(255) },
          { name: 'vo', ...string(255) },
          { name: 'site', ...string(128) },
          { name: 'jobName', ...string(255) },
          { name: 'jobGroup', ...string(255) },
          { name: 'jobType', ...string(64) },
          { name: 'userPriority', type: 'integer' },
          { name: 'taskQueueId', type: 'integer', isNullable: true },
          { name: 'attempt', type: 'integer' },
          { name: 'rescheduleCounter', type: 'integer' },
          // Integer milliseconds since the epoch, everywhere (see millis.transformer.ts).
          { name: 'submissionTime', type: 'bigint' },
          { name: 'lastUpdateTime', type: 'bigint' },
          { name: 'heartBeatTime', type: 'bigint', isNullable: true },
          { name: 'startExecTime', type: 'bigint', isNullable: true },
          { name: 'endExecTime', type: 'bigint', isNullable: true },
        ],
        indices: ['status', 'owner', 'ownerGroup', 'site', 'taskQueueId'].map((column) => ({
          name: `IDX_jobs_${column}`,
          columnNames: [column],
        })),
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'job_jdls',
        columns: [
          { name: 'jobId', type: 'integer', isPrimary: true },
          { name: 'originalJdl', ...longText() },
          { name: 'currentJdl', ...longText() },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'logging_records',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'jobId', type: 'integer' },
          { name: 'status', ...string(32) },
          { name: 'minorStatus', ...string(255) },
          { name: 'applicationStatus', ...string(255) },
          { name: 'time', type: 'bigint' },
          { name: 'source', ...string(64) },
        ],
        indices: [{ name: 'IDX_logging_records_jobId', columnNames: ['jobId'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'job_parameters',
        columns: [
          { name: 'jobId', type: 'integer', isPrimary: true },
          { name: 'name', ...string(255), isPrimary: true },
          { name: 'value', ...text() },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['job_parameters', 'logging_records', 'job_jdls', 'jobs']) {
      await queryRunner.dropTable(table);
    }
  }
}
