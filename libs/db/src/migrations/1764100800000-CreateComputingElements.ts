import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dialectOf } from '../data-source/sql-dialect.js';

/**
 * The computing elements the site directors drive (DIRAC's Resources/Sites section of the CS): one
 * row per CE, its declaration as validated JSON, and where it came from — the config file (written
 * again at every start, so the file wins) or the admin API.
 */
export class CreateComputingElements1764100800000 implements MigrationInterface {
  name = 'CreateComputingElements1764100800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { string, text } = dialectOf(queryRunner.connection).columns;
    await queryRunner.createTable(
      new Table({
        name: 'computing_elements',
        columns: [
          { name: 'name', ...string(128), isPrimary: true },
          { name: 'declaration', ...text() },
          { name: 'source', ...string(16) },
          { name: 'updatedAt', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('computing_elements');
  }
}
