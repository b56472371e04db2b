import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DbErrorCode } from '../db.exception.js';
import { createDataSource } from './create-data-source.js';
import { parseDatabaseUrl } from './parse-database-url.js';

describe(parseDatabaseUrl.name, () => {
  it('reads user, password, host, port and database, decoding escapes', () => {
    expect(parseDatabaseUrl('mysql://wms:p%40ss%2Fword@db.example.org:3307/majorana')).toEqual({
      host: 'db.example.org',
      port: 3307,
      username: 'wms',
      password: 'p@ss/word',
      database: 'majorana',
    });
    expect(parseDatabaseUrl('mariadb://root@127.0.0.1/wms')).toMatchObject({ port: 3306, password: '', database: 'wms' });
  });

  it.each([
    ['not a url', 'it is not a URL'],
    ['postgres://u:p@h/db', 'scheme is "postgres"'],
    ['mysql://u:p@h', 'exactly one database name'],
    ['mysql://u:p@h/db/extra', 'exactly one database name'],
    ['mysql://h/db', 'the user is missing'],
  ])('refuses %s, naming the expected form', (url, why) => {
    expect(() => parseDatabaseUrl(url)).toThrow(why);
    expect(() => parseDatabaseUrl(url)).toThrow('MAJORANA_DB_URL must look like mysql://user:password@host:3306/database');
  });

  it('never repeats the password in its message', () => {
    expect(() => parseDatabaseUrl('mysql://u:secret@h')).toThrow('mysql://u:***@h');
    expect(() => parseDatabaseUrl('mysql://u:secret@h')).not.toThrow('secret');
  });
});

describe(createDataSource.name, () => {
  it('needs exactly one of url and sqlitePath', () => {
    expect(() => createDataSource({})).toThrow(expect.objectContaining({ code: DbErrorCode.InvalidConfiguration }));
    expect(() => createDataSource({ url: 'mysql://u@h/db', sqlitePath: ':memory:' })).toThrow('not both or neither');
  });

  it('refuses a bad MAJORANA_DB_URL before connecting', () => {
    expect(() => createDataSource({ url: 'mysql//oops' })).toThrow('MAJORANA_DB_URL must look like');
  });

  it('opens SQLite in WAL mode with synchronous=NORMAL and a busy timeout', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'majorana-db-test-'));
    const dataSource = createDataSource({ sqlitePath: join(folder, 'nested', 'majorana.sqlite') });
    try {
      await dataSource.initialize();
      const pragma = async (name: string): Promise<unknown> => (await dataSource.query<Record<string, unknown>[]>(`PRAGMA ${name}`))[0];

      expect(await pragma('journal_mode')).toEqual({ journal_mode: 'wal' });
      expect(await pragma('synchronous')).toEqual({ synchronous: 1 });
      expect(await pragma('busy_timeout')).toEqual({ timeout: 10_000 });
      expect(await pragma('cache_size')).toEqual({ cache_size: -65_536 });
      expect(await pragma('mmap_size')).toEqual({ mmap_size: 1_073_741_824 });
      expect(dataSource.options.synchronize).toBe(false);
    } finally {
      await dataSource.destroy();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('copies the write-ahead log into the database file from its worker, never from the serving connection', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'majorana-db-test-'));
    const file = join(folder, 'majorana.sqlite');
    const dataSource = createDataSource({ sqlitePath: file });
    try {
      await dataSource.initialize();
      expect((await dataSource.query<Record<string, unknown>[]>('PRAGMA wal_autocheckpoint'))[0]).toEqual({ wal_autocheckpoint: 0 });
      await dataSource.query('CREATE TABLE filler (payload TEXT)');
      const before = (await stat(file)).size;
      for (let index = 0; index < 40; index++) {
        await dataSource.query('INSERT INTO filler (payload) VALUES (?)', ['x'.repeat(100_000)]);
      }
      // Only a checkpoint writes pages into the main file; the serving connection no longer makes any.
      const deadline = Date.now() + 10_000;
      while ((await stat(file)).size < before + 3_000_000 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((await stat(file)).size).toBeGreaterThanOrEqual(before + 3_000_000);
    } finally {
      await dataSource.destroy();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
