import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { HttpSandboxTransfer, JobWrapper, SpawnProcessLauncher } from '../execution/index.js';
import { discoverResources } from '../resources/index.js';
import { WsConnector } from '../session/pilot-connector.js';
import { PilotLogger } from '../session/pilot-logger.js';
import { PilotSession } from '../session/pilot-session.js';
import { systemClock } from '../session/session-clock.js';
import { exitCodeFor } from '../session/session-exit-code.js';
import { CliUsageError } from './cli-usage.error.js';
import { loadPilotToken } from './load-pilot-token.js';
import { parsePilotArgs, type PilotArgs } from './parse-pilot-args.js';
import { PILOT_USAGE } from './pilot-usage.js';
import { PILOT_VERSION } from './pilot-version.js';

/** What the pilot touches of its process, injected so the whole command can run inside a test. */
export interface PilotProcess {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  /** Subscribes to SIGINT/SIGTERM; returns the unsubscribe. */
  readonly onSignal: (handler: (signal: NodeJS.Signals) => void) => () => void;
}

/** Usage errors exit with 2, as command-line tools do; the session's own codes are in session-exit-code.ts. */
export const USAGE_EXIT_CODE = 2;

/** Runs the pilot command to its end and returns the exit code. */
export async function runPilot(io: PilotProcess): Promise<number> {
  let args: PilotArgs;
  let token: string;
  try {
    const command = parsePilotArgs(io.argv, io.env);
    if (command.kind === 'help') {
      io.stdout(PILOT_USAGE.trimEnd());
      return 0;
    }
    if (command.kind === 'version') {
      io.stdout(PILOT_VERSION);
      return 0;
    }
    args = command.args;
    token = await loadPilotToken(args.token);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(`pilot: ${error.message}\n\n${PILOT_USAGE.trimEnd()}`);
      return USAGE_EXIT_CODE;
    }
    throw error;
  }
  const logger = new PilotLogger(systemClock, io.stdout);
  const workDir = resolve(args.workDir ?? process.cwd());
  try {
    await mkdir(workDir, { recursive: true });
  } catch (error) {
    logger.error('fatal', { code: 'work-dir', message: `cannot create --work-dir ${workDir}: ${String(error)}` });
    return 1;
  }
  const { resources, deadlineMs } = await discoverResources({
    maxTimeS: args.maxTimeS,
    slots: args.slots,
    cpuNormalization: args.cpuNormalization,
    env: io.env,
    clock: systemClock,
    workDir,
  });
  const session = new PilotSession({
    connector: new WsConnector({ url: args.connectUrl, token }),
    jobs: new JobWrapper({
      workRoot: workDir,
      sandboxes: new HttpSandboxTransfer(),
      processes: new SpawnProcessLauncher(),
      clock: systemClock,
      logger,
      baseEnv: io.env,
    }),
    resources,
    deadlineMs,
    identity: {
      pilotRef: args.pilotRef ?? randomUUID(),
      site: args.site ?? 'Unknown',
      ce: args.ce ?? hostname(),
      pilotVersion: PILOT_VERSION,
    },
    clock: systemClock,
    random: Math.random,
    logger,
    options: {
      idleTimeoutMs: args.idleTimeoutS * 1000,
      minTimeLeftS: args.minTimeLeftS,
      reconnectTimeoutMs: args.reconnectTimeoutS * 1000,
    },
  });
  const unsubscribe = io.onSignal((signal) => session.stopForSignal(signal));
  try {
    return exitCodeFor(await session.run());
  } finally {
    unsubscribe();
  }
}
