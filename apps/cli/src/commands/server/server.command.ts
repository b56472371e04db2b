import type { Command } from 'commander';
import type { CliIo } from '../../cli-io.js';
import { EXIT_OK, type ExitStatus } from '../../program.js';

interface ServeMode {
  readonly migrate: boolean;
  readonly runAgents: boolean;
}

interface ServeOptions {
  host?: string;
  port?: string;
  home?: string;
}

/**
 * `majorana up` (the whole system on one machine, migrating by itself), `majorana server` (one
 * production replica: refuses an old schema), `majorana agents` (the agents alone, no HTTP API) and
 * `majorana migrate`. The server code is imported
 * only here, lazily, so the other commands stay fast.
 */
export function registerServerCommands(program: Command, io: CliIo, status: ExitStatus): void {
  // `up` is the whole system on one machine: it migrates by itself and runs the agents and the Local CE
  // in the same process. `server` is one production replica: the agents run elsewhere, once.
  const serve = (mode: ServeMode) => async (options: ServeOptions) => {
    status.code = await runServer(io, options, mode);
  };
  withServerOptions(
    program.command('up').description('run Majorana on this machine: the server on SQLite under $MAJORANA_HOME (migrated automatically)'),
  ).action(serve({ migrate: true, runAgents: true }));
  withServerOptions(
    program.command('server').description('run one server replica (MAJORANA_DB_URL=mysql://… for MariaDB); run `majorana migrate` first'),
  ).action(serve({ migrate: false, runAgents: false }));
  program
    .command('agents')
    .description("run the agents alone (site directors, stalled jobs, pilot status, cleaning) against the servers' database")
    .option('--server-url <url>', 'where pilots connect (MAJORANA_PUBLIC_URL)')
    .option('--home <dir>', 'MAJORANA_HOME (holds token.secret, shared with the servers)')
    .action(async (options: { serverUrl?: string; home?: string }) => {
      status.code = await runAgents(io, options);
    });
  program
    .command('migrate')
    .description('bring the database schema up to date (under a lock: safe while replicas start)')
    .option('--home <dir>', 'MAJORANA_HOME')
    .action(async (options: { home?: string }) => {
      const { loadServerConfig, openDatabase, migrateDatabase } = await import('@majorana/server');
      const config = loadServerConfig(io.env, options.home ? { home: options.home } : {});
      const dataSource = await openDatabase(config);
      try {
        const applied = await migrateDatabase(dataSource);
        io.stdout(applied.length === 0 ? 'the schema is up to date\n' : `applied ${applied.length} migration(s): ${applied.join(', ')}\n`);
      } finally {
        await dataSource.destroy();
      }
      status.code = EXIT_OK;
    });
}

function withServerOptions(command: Command): Command {
  return command
    .option('--host <address>', 'address to listen on (MAJORANA_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (MAJORANA_PORT, default 8440; 0 = any free one)')
    .option('--home <dir>', 'where data and tokens live (MAJORANA_HOME, default ~/.majorana)');
}

async function runServer(io: CliIo, options: ServeOptions, mode: ServeMode): Promise<number> {
  const { loadServerConfig, startServer } = await import('@majorana/server');
  const config = loadServerConfig(io.env, {
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: Number(options.port) }),
    ...(options.home === undefined ? {} : { home: options.home }),
  });
  const server = await startServer(config, mode);
  io.stdout(
    `Majorana is up at ${server.url}\n` +
      `  API and docs:  ${server.url}/api/docs\n` +
      `  admin token:   ${server.adminTokenPath}\n` +
      `  database:      ${config.dbUrl ? config.dbUrl.replace(/\/\/[^@/]*@/, '//***@') : config.sqlitePath}\n` +
      (mode.runAgents
        ? config.localPilots > 0
          ? `  Local CE:      up to ${config.localPilots} pilot(s) of ${config.localSlots} slot(s) (MAJORANA_LOCAL_PILOTS, MAJORANA_LOCAL_SLOTS)\n`
          : '  Local CE:      off (MAJORANA_LOCAL_PILOTS=0)\n'
        : '') +
      'Press Ctrl+C to stop.\n',
  );
  const signal = await io.untilStopped();
  io.stderr(`${signal}: stopping…\n`);
  await server.close();
  return EXIT_OK;
}

async function runAgents(io: CliIo, options: { serverUrl?: string; home?: string }): Promise<number> {
  const { loadServerConfig, startAgents } = await import('@majorana/server');
  const config = loadServerConfig(io.env, options.home === undefined ? {} : { home: options.home });
  const agents = await startAgents(config, options.serverUrl === undefined ? {} : { serverUrl: options.serverUrl });
  io.stdout(
    `Majorana agents are running\n` +
      `  pilots connect to: ${agents.serverUrl}\n` +
      `  database:          ${config.dbUrl ? config.dbUrl.replace(/\/\/[^@/]*@/, '//***@') : config.sqlitePath}\n` +
      'Press Ctrl+C to stop.\n',
  );
  const signal = await io.untilStopped();
  io.stderr(`${signal}: stopping the agents…\n`);
  await agents.close();
  return EXIT_OK;
}
