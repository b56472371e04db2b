import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundled pilot that `npm run build` makes: the very file a worker node runs. */
export const PILOT_BUNDLE = fileURLToPath(new URL('../../../pilot/dist/pilot.js', import.meta.url));

export interface PilotProcessOptions {
  readonly serverUrl: string;
  readonly token: string;
  readonly slots?: number;
  readonly site?: string;
  readonly ce?: string;
  readonly idleTimeoutS?: number;
  readonly extraArgs?: readonly string[];
}

/** A real pilot process started by a test, with its output kept for failure messages. */
export interface PilotProcess {
  readonly pilotRef: string;
  readonly child: ChildProcess;
  readonly workDir: string;
  output(): string;
  /** Resolves with the exit code (or the signal name) when it ends. */
  readonly exited: Promise<number | string>;
  /** SIGKILLs it if still running and removes its folder. */
  stop(): Promise<void>;
}

export async function startPilot(options: PilotProcessOptions): Promise<PilotProcess> {
  const workDir = await mkdtemp(join(tmpdir(), 'majorana-pilot-test-'));
  const tokenFile = join(workDir, 'pilot.token');
  await writeFile(tokenFile, `${options.token}\n`, { mode: 0o600 });
  const pilotRef = `test://${options.ce ?? 'ce.test'}/${randomUUID()}`;
  const child = spawn(
    process.execPath,
    [
      PILOT_BUNDLE,
      '--server',
      options.serverUrl,
      '--token-file',
      tokenFile,
      '--slots',
      String(options.slots ?? 2),
      '--site',
      options.site ?? 'LCG.Test.org',
      '--ce',
      options.ce ?? 'ce.test',
      '--pilot-ref',
      pilotRef,
      '--idle-timeout',
      String(options.idleTimeoutS ?? 60),
      '--work-dir',
      join(workDir, 'work'),
      ...(options.extraArgs ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return {
    pilotRef,
    child,
    workDir,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns a value that is not undefined, or fails after `timeoutMs` with `what`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last === undefined ? '' : ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})`}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
