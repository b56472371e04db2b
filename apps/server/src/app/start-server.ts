import { mkdirSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createDataSource, runMigrations, WaitingJobRepository } from '@majorana/db';
import type { DataSource } from 'typeorm';
import { AgentsStartupError } from '../agents/agents-startup.error.js';
import { AgentsService } from '../agents/agents.service.js';
import { readCeConfigFile } from '../agents/computing-elements/read-ce-config-file.js';
import type { ServerConfig } from '../config/server-config.js';
import { AdminService } from '../identity/admin.service.js';
import { AuthSettings } from '../identity/auth-settings.js';
import { loadOrCreateTokenSecret } from '../identity/token-secret.js';
import { createServerApp, type ServerAppOptions } from './create-server-app.js';

export interface StartServerOptions extends ServerAppOptions {
  /**
   * Apply pending migrations before starting (`majorana up`). Production replicas (`majorana server`)
   * leave it off and refuse to start on an old schema: `majorana migrate` upgrades it once, under a lock.
   * @default true
   */
  readonly migrate?: boolean;
}

export interface RunningServer {
  readonly app: NestFastifyApplication;
  readonly url: string;
  /** Where the administrator's token is (the CLI reads it from there). */
  readonly adminTokenPath: string;
  close(): Promise<void>;
}

/** A reason the server cannot start that the operator must fix (printed in one line, no stack). */
export class ServerStartupError extends Error {
  override readonly name = 'ServerStartupError';
}

/** Opens the database of `config` (MariaDB when MAJORANA_DB_URL is set, else SQLite under $MAJORANA_HOME). */
export async function openDatabase(config: ServerConfig): Promise<DataSource> {
  mkdirSync(config.home, { recursive: true, mode: 0o700 });
  const where = config.dbUrl ? config.dbUrl.replace(/\/\/[^@/]*@/, '//***@') : config.sqlitePath;
  try {
    const dataSource = createDataSource(config.dbUrl ? { url: config.dbUrl } : { sqlitePath: config.sqlitePath });
    await dataSource.initialize();
    return dataSource;
  } catch (error) {
    throw new ServerStartupError(`cannot open the database ${where}: ${(error as Error).message}`);
  }
}

/**
 * Starts one server: database open and migrated, users read, admin token written, then listening.
 * The order matters: nothing listens before the schema and the admin token are ready.
 */
export async function startServer(config: ServerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  let authSettings: AuthSettings;
  try {
    authSettings = AuthSettings.load(config.configFile);
    readCeConfigFile(config.configFile); // a bad computing element stops start-up here, naming the field
  } catch (error) {
    throw new ServerStartupError((error as Error).message);
  }
  const tokenSecret = loadOrCreateTokenSecret(config.home);
  const dataSource = await openDatabase(config);
  try {
    if (options.migrate ?? true) {
      await runMigrations(dataSource);
    } else {
      if (await dataSource.showMigrations()) {
        throw new ServerStartupError('the database schema is out of date: run `majorana migrate` once, then start the servers');
      }
    }
    // Nothing is lost: a crash between two statements can leave a Waiting job without its queue entry.
    const requeued = await new WaitingJobRepository(dataSource).requeueOrphans();
    const app = await createServerApp({ config, dataSource, authSettings, tokenSecret }, options);
    if (requeued > 0) {
      new Logger('recovery').warn(`put ${requeued} waiting job(s) back in their task queues (left by an earlier crash)`);
    }
    const adminTokenPath = await app.get(AdminService).ensureAdminToken(config.home);
    try {
      await app.listen(config.port, config.host);
    } catch (error) {
      // Agents already prepared (the Local CE open, its lock taken) are released before giving up.
      await app.close().catch(() => undefined);
      throw error instanceof AgentsStartupError ? new ServerStartupError(error.message) : error;
    }
    const url = await app.getUrl();
    if (options.runAgents === true) {
      // After listen: the Local pilots the agents start connect to this very URL.
      app.get(AgentsService).start(url);
    }
    return {
      app,
      url,
      adminTokenPath,
      close: async () => {
        await app.close();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

/** Applies pending migrations under the database lock (`majorana migrate`); returns their names. */
export async function migrateDatabase(dataSource: DataSource): Promise<string[]> {
  return runMigrations(dataSource);
}
