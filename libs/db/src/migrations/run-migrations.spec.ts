import { afterEach, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../testing/index.js';
import { ALL_MIGRATIONS } from './all-migrations.js';
import { runMigrations } from './run-migrations.js';

const TABLES = [
  'jobs',
  'job_jdls',
  'logging_records',
  'job_parameters',
  'task_queues',
  'waiting_jobs',
  'job_attempts',
  'site_mask',
  'users',
  'groups',
  'issued_tokens',
  'pilots',
  'job_heartbeats',
  'sandboxes',
  'job_sandboxes',
  'agent_leases',
];
const MIGRATION_NAMES = ALL_MIGRATIONS.map((migration) => new migration().name);

async function existingTables(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const found: string[] = [];
    for (const table of TABLES) {
      if (await runner.hasTable(table)) {
        found.push(table);
      }
    }
    return found;
  } finally {
    await runner.release();
  }
}

describe.each(DATABASE_KINDS)('runMigrations on %s', (kind) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('applies every migration to an empty database and creates every table', async () => {
    database = await openTestDatabase(kind, { migrate: false });
    expect(await runMigrations(database.dataSource)).toEqual(MIGRATION_NAMES);
    expect(await existingTables(database.dataSource)).toEqual(TABLES);
  });

  it('applies nothing the second time', async () => {
    database = await openTestDatabase(kind, { migrate: false });
    await runMigrations(database.dataSource);
    expect(await runMigrations(database.dataSource)).toEqual([]);
  });

  it('lets two replicas start together: one applies everything, the other nothing', async () => {
    database = await openTestDatabase(kind, { migrate: false });
    const replica = await database.openAnother();
    // better-sqlite3 waits for a lock synchronously, which would block the one event loop both
    // connections share; two processes (the real case) wait for each other, so run them in turn here.
    const results =
      kind === 'sqlite'
        ? [await runMigrations(database.dataSource), await runMigrations(replica)]
        : await Promise.all([runMigrations(database.dataSource), runMigrations(replica)]);
    expect(results.map((names) => names.length).sort()).toEqual([0, MIGRATION_NAMES.length]);
    expect(await existingTables(replica)).toEqual(TABLES);
  });

  it('undoes every migration with down() and applies them again', async () => {
    database = await openTestDatabase(kind, { migrate: false });
    const { dataSource } = database;
    await runMigrations(dataSource);
    for (let undone = 0; undone < MIGRATION_NAMES.length; undone++) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(await existingTables(dataSource)).toEqual([]);
    expect(await runMigrations(dataSource)).toEqual(MIGRATION_NAMES);
    expect(await existingTables(dataSource)).toEqual(TABLES);
  });

  it('leaves the schema exactly as the entities describe it', async () => {
    database = await openTestDatabase(kind);
    const pending = await database.dataSource.driver.createSchemaBuilder().log();
    // The one known difference: entities say `text` for the long texts (a decorator cannot know the
    // database), the MariaDB migration makes them MEDIUMTEXT.
    const longTexts = /`(originalJdl|currentJdl|definition)`( text NOT NULL)?$/;
    expect(pending.upQueries.map((query) => query.query).filter((query) => !longTexts.test(query))).toEqual([]);
  });
});
