#!/usr/bin/env node
/**
 * The agents process on its own (`node apps/agents/dist/main.js [--server-url URL] [--home DIR]`, or
 * `majorana agents`): site directors, stalled jobs, pilot status and cleaning against the servers'
 * database, with no HTTP API. The agents' code lives in @majorana/server (apps/server/src/agents),
 * which both this entry and `majorana up` boot: see README.md here for why it was not moved.
 */
import { parseArgs } from 'node:util';
import { loadServerConfig, startAgents, type RunningAgents } from '@majorana/server';

/** Start-up problems the operator must fix: one line on stderr, exit status 2 (as `majorana` does). */
const OPERATOR_ERRORS = new Set(['ServerConfigError', 'ServerStartupError']);

async function main(): Promise<number> {
  let agents: RunningAgents;
  try {
    const { values } = parseArgs({ options: { 'server-url': { type: 'string' }, home: { type: 'string' } }, strict: true });
    const config = loadServerConfig(process.env, values.home === undefined ? {} : { home: values.home });
    agents = await startAgents(config, values['server-url'] === undefined ? {} : { serverUrl: values['server-url'] });
  } catch (error) {
    if (error instanceof Error && (OPERATOR_ERRORS.has(error.name) || error.name === 'TypeError')) {
      process.stderr.write(`majorana agents: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  process.stdout.write(`Majorana agents are running; pilots connect to ${agents.serverUrl}\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  process.stderr.write(`${signal}: stopping the agents…\n`);
  await agents.close();
  return 0;
}

process.exitCode = await main();
