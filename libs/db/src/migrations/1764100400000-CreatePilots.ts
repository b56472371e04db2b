import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dialectOf } from '../data-source/sql-dialect.js';

/**
 * DIRAC's PilotAgentsDB: every pilot a site director submitted or that said hello, with the replica
 * holding its connection; and each running job's latest heartbeat (usage and stdout tail, for peek).
 */
export class CreatePilots1764100400000 implements MigrationInterface {
  name = 'CreatePilots1764100400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { string, text } = dialectOf(queryRunner.connection).columns;
    await queryRunner.createTable(
      new Table({
        name: 'pilots',
        columns: [
          { name: 'pilotRef', ...string(255), isPrimary: true },
          { name: 'status', ...string(16) },
          { name: 'ce', ...string(255) },
          { name: 'site', ...string(128) },
          { name: 'pilotVersion', ...string(64) },
          { name: 'subject', ...string(255) },
          { name: 'replicaId', ...string(64), isNullable: true },
          { name: 'resources', ...text() },
          { name: 'submittedAt', type: 'bigint', isNullable: true },
          { name: 'connectedAt', type: 'bigint', isNullable: true },
          { name: 'lastContact', type: 'bigint' },
          { name: 'endedAt', type: 'bigint', isNullable: true },
          { name: 'endReason', ...string(255) },
          { name: 'jobsRun', type: 'integer' },
        ],
        indices: [
          { name: 'IDX_pilots_status', columnNames: ['status'] },
          { name: 'IDX_pilots_ce', columnNames: ['ce'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'job_heartbeats',
        columns: [
          { name: 'jobId', type: 'integer', isPrimary: true },
          { name: 'attempt', type: 'integer' },
          { name: 'time', type: 'bigint' },
          { name: 'cpuTimeS', type: 'double precision' },
          { name: 'wallTimeS', type: 'double precision' },
          { name: 'memoryMiB', type: 'double precision' },
          { name: 'stdoutTail', ...text() },
        ],
      }),
    );
    await queryRunner.createIndex('job_attempts', new TableIndex({ name: 'IDX_job_attempts_pilotRef', columnNames: ['pilotRef'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('job_attempts', 'IDX_job_attempts_pilotRef');
    await queryRunner.dropTable('job_heartbeats');
    await queryRunner.dropTable('pilots');
  }
}
