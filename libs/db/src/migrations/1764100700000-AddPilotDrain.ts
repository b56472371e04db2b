import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A drain asked for a pilot: whichever replica holds its connection tells it (DIRAC has no push; we do). */
export class AddPilotDrain1764100700000 implements MigrationInterface {
  name = 'AddPilotDrain1764100700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('pilots', new TableColumn({ name: 'drainRequestedAt', type: 'bigint', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('pilots', 'drainRequestedAt');
  }
}
