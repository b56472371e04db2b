import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServerApp } from '../app/create-server-app.js';
import { openDatabase, ServerStartupError } from '../app/start-server.js';
import type { ServerConfig } from '../config/server-config.js';
import { AuthSettings } from '../identity/auth-settings.js';
import { loadOrCreateTokenSecret } from '../identity/token-secret.js';
import { AgentsStartupError } from './agents-startup.error.js';
import { AgentsService } from './agents.service.js';
import { CeFleet, type CeFactory } from './computing-elements/ce-fleet.js';
import { AgentLeases } from './leases/agent-leases.service.js';
import { readCeConfigFile } from './computing-elements/read-ce-config-file.js';

export interface StartAgentsOptions {
  /** Where pilots connect (`majorana agents --server-url`). @default MAJORANA_PUBLIC_URL */
  readonly serverUrl?: string;
  /** Opens the declared CEs' drivers. @default createComputingElement (Local, SSH, Slurm) */
  readonly ceFactory?: CeFactory;
}

export interface RunningAgents {
  readonly app: NestFastifyApplication;
  /** The URL the pilots are given. */
  readonly serverUrl: string;
  /** This process's name in the agent_leases table (`host:pid:random`). */
  readonly holder: string;
  close(): Promise<void>;
}

/**
 * `majorana agents`: the agents alone (site directors, stalled jobs, pilot status, cleaning) against the
 * database the servers use; nothing listens. It refuses an out-of-date schema (`majorana migrate`
 * first), needs the server URL for its pilots and the servers' $MAJORANA_HOME/token.secret (it signs
 * the pilots' credentials). Several may run on one database: each cycle takes its lease.
 */
export async function startAgents(config: ServerConfig, options: StartAgentsOptions = {}): Promise<RunningAgents> {
  const serverUrl = options.serverUrl ?? config.publicUrl;
  if (serverUrl === undefined || !/^https?:\/\/\S+$/.test(serverUrl)) {
    throw new ServerStartupError(
      serverUrl === undefined
        ? 'the agents need the server URL their pilots connect to: pass --server-url URL or set MAJORANA_PUBLIC_URL'
        : `--server-url must be an http(s) URL such as http://majorana.example.org:8440, got "${serverUrl}"`,
    );
  }
  let authSettings: AuthSettings;
  try {
    authSettings = AuthSettings.load(config.configFile);
    readCeConfigFile(config.configFile);
  } catch (error) {
    throw new ServerStartupError((error as Error).message);
  }
  const tokenSecret = loadOrCreateTokenSecret(config.home);
  const dataSource = await openDatabase(config);
  try {
    if (await dataSource.showMigrations()) {
      throw new ServerStartupError('the database schema is out of date: run `majorana migrate` once, then start the agents');
    }
    // The server's app without its HTTP listener: the agents reuse its services and providers as they are.
    const app = await createServerApp({ config, dataSource, authSettings, tokenSecret }, { runAgents: true, docsUi: false });
    if (options.ceFactory !== undefined) {
      app.get(CeFleet).useFactory(options.ceFactory);
    }
    try {
      await app.init();
    } catch (error) {
      await app.close().catch(() => undefined);
      throw error instanceof AgentsStartupError ? new ServerStartupError(error.message) : error;
    }
    app.get(AgentsService).start(serverUrl.replace(/\/+$/, ''));
    // The agents' timers never keep a process alive (a server's listener does that for `majorana up`);
    // with nothing listening, this one does until close().
    const keepAlive = setInterval(() => undefined, 60 * 60 * 1000);
    new Logger('agents').log(`agents process started; pilots connect to ${serverUrl}`);
    return {
      app,
      serverUrl,
      holder: app.get(AgentLeases).holder,
      close: async () => {
        clearInterval(keepAlive);
        await app.close();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}
