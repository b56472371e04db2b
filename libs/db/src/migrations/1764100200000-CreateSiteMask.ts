import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dialectOf } from '../data-source/sql-dialect.js';

/** The site mask: sites absent from it are Active; a Banned site receives no new jobs. */
export class CreateSiteMask1764100200000 implements MigrationInterface {
  name = 'CreateSiteMask1764100200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { string, text } = dialectOf(queryRunner.connection).columns;
    await queryRunner.createTable(
      new Table({
        name: 'site_mask',
        columns: [
          { name: 'site', ...string(128), isPrimary: true },
          { name: 'status', ...string(16) },
          { name: 'reason', ...text() },
          { name: 'changedBy', ...string(255) },
          { name: 'changedAt', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('site_mask');
  }
}
