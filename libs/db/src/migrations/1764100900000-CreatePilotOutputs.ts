import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dialectOf } from '../data-source/sql-dialect.js';

/**
 * Pilots' output as their CE last gave it, kept by the agents once a pilot ended (DIRAC keeps it in
 * PilotAgentsDB's PilotOutput): a server replica that does not drive the pilot's CE — the agents run
 * in their own process, on another host — can still answer `GET /api/pilots/:ref/output`.
 */
export class CreatePilotOutputs1764100900000 implements MigrationInterface {
  name = 'CreatePilotOutputs1764100900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { string, longText } = dialectOf(queryRunner.connection).columns;
    await queryRunner.createTable(
      new Table({
        name: 'pilot_outputs',
        columns: [
          { name: 'pilotRef', ...string(255), isPrimary: true },
          { name: 'stdout', ...longText() },
          { name: 'stderr', ...longText() },
          { name: 'fetchedAt', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('pilot_outputs');
  }
}
