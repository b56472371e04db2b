import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dialectOf } from '../data-source/sql-dialect.js';

/** Users, groups and the tokens issued to them (kept so they can be listed and revoked). */
export class CreateIdentity1764100300000 implements MigrationInterface {
  name = 'CreateIdentity1764100300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { string, text } = dialectOf(queryRunner.connection).columns;
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'name', ...string(255), isPrimary: true },
          { name: 'vo', ...string(255) },
          { name: 'groups', ...text() },
          { name: 'createdAt', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'groups',
        columns: [
          { name: 'name', ...string(255), isPrimary: true },
          { name: 'vo', ...string(255) },
          { name: 'properties', ...text() },
          { name: 'share', type: 'integer' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'issued_tokens',
        columns: [
          { name: 'jti', ...string(64), isPrimary: true },
          { name: 'subject', ...string(255) },
          { name: 'ownerGroup', ...string(255) },
          { name: 'issuedAt', type: 'bigint' },
          { name: 'expiresAt', type: 'bigint' },
          { name: 'revokedAt', type: 'bigint', isNullable: true },
        ],
        indices: [{ name: 'IDX_issued_tokens_subject', columnNames: ['subject'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['issued_tokens', 'groups', 'users']) {
      await queryRunner.dropTable(table);
    }
  }
}
