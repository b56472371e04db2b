import { createMessage, type JobMessage, type PilotResources, type RequestWorkMessage } from '@majorana/protocol';
import { sampleServerMessages } from '@majorana/protocol/testing';
import type { JobSpec } from '../../execution/job-assignment.js';
import { WsConnector } from '../pilot-connector.js';
import { PilotLogger } from '../pilot-logger.js';
import type { JobLauncher } from '../pilot-session.deps.js';
import { PilotSession } from '../pilot-session.js';
import type { PilotSessionOptions } from '../session-options.js';
import type { SessionEnd } from '../session.error.js';
import { FakeJobLauncher } from './fake-job-launcher.js';
import { ManualClock } from './manual-clock.js';
import type { ScriptedConnection, ScriptedServer } from './scripted-server.js';

export const testResources: PilotResources = {
  processors: 2,
  memoryMiB: 4096,
  diskMiB: 10_000,
  timeLeftS: 86_400,
  platform: 'x86_64-el9',
  tags: [],
  slots: 2,
};

export interface SessionHarness {
  readonly session: PilotSession;
  readonly clock: ManualClock;
  readonly launcher: FakeJobLauncher;
  /** The session's log lines, as a site admin would read them. */
  readonly logs: string[];
  /** The session's end, once `run()` resolves. */
  readonly ended: Promise<SessionEnd>;
}

export interface HarnessOptions {
  readonly resources?: PilotResources;
  readonly deadlineMs?: number | null;
  readonly options?: Partial<PilotSessionOptions>;
  readonly jobs?: JobLauncher;
  readonly url?: string;
}

/** Starts a session against `server` with a manual clock, fixed jitter (none) and the test launcher. */
export function startSession(server: ScriptedServer, harness: HarnessOptions = {}): SessionHarness {
  const clock = new ManualClock();
  const launcher = new FakeJobLauncher();
  const logs: string[] = [];
  const session = new PilotSession({
    connector: new WsConnector({ url: harness.url ?? server.url, token: 'pilot-secret' }),
    jobs: harness.jobs ?? launcher,
    resources: harness.resources ?? testResources,
    deadlineMs: harness.deadlineMs === undefined ? clock.now() + testResources.timeLeftS * 1000 : harness.deadlineMs,
    identity: { pilotRef: 'pilot-1', site: 'LCG.Test.org', ce: 'ce.test.org', pilotVersion: '0.1.0-test' },
    clock,
    // 0.5 puts the jitter factor at exactly 1: delays are 1 s, 2 s, 4 s…
    random: () => 0.5,
    logger: new PilotLogger(clock, (line) => logs.push(line)),
    options: harness.options,
  });
  return { session, clock, launcher, logs, ended: session.run() };
}

const defaultSpec: JobSpec = {
  executable: 'run.sh',
  arguments: '',
  stdOutput: 'std.out',
  stdError: 'std.err',
  outputSandbox: [],
  environment: {},
  processors: 1,
  maxRamMiB: null,
};

/** A `job` answering `request`, for attempt 1 of `jobId` unless told otherwise. */
export function jobFor(
  connection: ScriptedConnection,
  request: RequestWorkMessage,
  jobId: number,
  overrides: { attempt?: number; spec?: Partial<JobSpec> } = {},
): JobMessage {
  const sample = sampleServerMessages.job;
  return createMessage('job', connection.id(), {
    replyTo: request.id,
    jobId,
    attempt: overrides.attempt ?? 1,
    fencingToken: `token-${jobId}`,
    jdl: sample.jdl,
    spec: { ...defaultSpec, ...overrides.spec },
    owner: sample.owner,
    ownerGroup: sample.ownerGroup,
    inputSandboxUrl: null,
    outputSandboxUrl: sample.outputSandboxUrl,
    jobToken: sample.jobToken,
    cpuTimeLimitS: sample.cpuTimeLimitS,
    wallTimeLimitS: sample.wallTimeLimitS,
  });
}

/** Waits (in real time, briefly) until `condition` holds: the session reacts to frames asynchronously. */
export async function until(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Lets pending I/O and promise callbacks run, for checks that nothing more happens. */
export async function settle(ms = 30): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
