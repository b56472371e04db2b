import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dialectOf } from '../data-source/sql-dialect.js';

/**
 * Sandboxes (the tar.gz archives of jobs' input and output files). The archive itself lives in a
 * content-addressed store named by its sha256, so identical content is stored once; these tables say
 * which owner may use which archive (`sandboxes`: an owner may reference a sandbox only after having
 * uploaded it, DIRAC's "refuse a sandbox of another owner") and which job uses it (`job_sandboxes`:
 * one input and one output per job; retention follows the job's life).
 */
export class CreateSandboxes1764100500000 implements MigrationInterface {
  name = 'CreateSandboxes1764100500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { string } = dialectOf(queryRunner.connection).columns;
    await queryRunner.createTable(
      new Table({
        name: 'sandboxes',
        columns: [
          { name: 'owner', ...string(255), isPrimary: true },
          { name: 'sha256', ...string(64), isPrimary: true },
          { name: 'bytes', type: 'bigint' },
          { name: 'createdAt', type: 'bigint' },
          { name: 'lastUsedAt', type: 'bigint' },
        ],
        // "Does anyone still hold this archive?" before the stored file is removed.
        indices: [{ name: 'IDX_sandboxes_sha256', columnNames: ['sha256'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'job_sandboxes',
        columns: [
          { name: 'jobId', type: 'integer', isPrimary: true },
          { name: 'kind', ...string(8), isPrimary: true },
          { name: 'owner', ...string(255) },
          { name: 'sha256', ...string(64) },
          // The attempt whose pilot uploaded an output sandbox; null for input sandboxes.
          { name: 'attempt', type: 'integer', isNullable: true },
          { name: 'createdAt', type: 'bigint' },
        ],
        // "Does another job (of this owner) still use it?" when a job is released or a file removed.
        indices: [{ name: 'IDX_job_sandboxes_sha256_owner', columnNames: ['sha256', 'owner'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('job_sandboxes');
    await queryRunner.dropTable('sandboxes');
  }
}
