import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dialectOf } from '../data-source/sql-dialect.js';

/**
 * One row per agent (stalled jobs, site directors…): which process may act for it until when. Agents
 * of several replicas (or a future separate agents process) share one database; only the holder of an
 * unexpired lease acts, so two stalled-job agents never judge the same job at once.
 */
export class CreateAgentLeases1764100600000 implements MigrationInterface {
  name = 'CreateAgentLeases1764100600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { string } = dialectOf(queryRunner.connection).columns;
    await queryRunner.createTable(
      new Table({
        name: 'agent_leases',
        columns: [
          { name: 'name', ...string(128), isPrimary: true },
          { name: 'holder', ...string(255) },
          { name: 'expiresAt', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('agent_leases');
  }
}
