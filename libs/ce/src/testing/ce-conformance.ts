import { kill } from 'node:process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { ComputingElement, PilotLaunch, SubmittedPilot } from '../computing-element.js';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { errnoCode } from '../local/errno-code.js';
import { isZombie } from '../local/is-zombie.js';
import { parsePilotRef } from '../pilot-ref.js';
import { canPilotStatusChange, isFinalPilotStatus, type PilotStatus } from '../pilot-status.js';
import { fakePilotLine } from './ce-output-lines.js';
import { eventually } from './eventually.js';

/** The fixture every driver runs: a real process with the pilot's command line (see the file's header). */
export const FAKE_PILOT_SCRIPT = fileURLToPath(new URL('./fixtures/fake-pilot.mjs', import.meta.url));

/** What the suite needs to know about the driver under test. */
export interface CeConformanceTarget {
  /**
   * Opens a fresh CE keeping its files under `workDir` (a new temporary directory per test, deleted
   * after it). It must accept at least 3 pilots at once. The suite closes it.
   */
  open(workDir: string): Promise<ComputingElement>;
  /** The node binary as the CE's worker nodes see it. @default process.execPath */
  readonly nodeExecutable?: string;
  /** The fixture as the CE's worker nodes see it. @default {@link FAKE_PILOT_SCRIPT} */
  readonly fakePilotScript?: string;
  /** Whether a pid the fixture printed still runs. @default kill(pid, 0) on this machine, zombies counted gone */
  readonly isProcessAlive?: (pid: number) => boolean;
  /** Per test. @default 20000 */
  readonly timeoutMs?: number;
}

/** How fast a cancel must reach a pilot's whole process tree, after cancelPilots() returns. */
const CANCEL_DEADLINE_MS = 2_000;

/**
 * The behaviour every ComputingElement driver shares, as one `describe` block. A driver's spec calls
 * it with a way to open the driver; the suite submits real processes (the fake pilot), so it tests
 * the driver against its real batch system, not against a model of it.
 *
 *     describeCeConformance('LocalComputingElement', {
 *       open: (workDir) => LocalComputingElement.open({ name: 'ce-test', site: 'Test.site', workDir, maxPilots: 4 }),
 *     });
 */
export function describeCeConformance(driverName: string, target: CeConformanceTarget): void {
  const timeoutMs = target.timeoutMs ?? 20_000;
  const isAlive = target.isProcessAlive ?? isLocalProcessAlive;
  const launch = (fixtureArgs: string[], env: Record<string, string> = {}): PilotLaunch => ({
    executable: target.nodeExecutable ?? process.execPath,
    script: target.fakePilotScript ?? FAKE_PILOT_SCRIPT,
    args: ['--server', 'https://127.0.0.1:1', '--token', 'not-a-token', '--slots', '1', ...fixtureArgs],
    env,
  });

  describe(`${driverName} (computing-element conformance)`, () => {
    let workDir: string;
    let ce: ComputingElement;
    /** Set only once open() succeeded, so a failed open still gets its directory deleted. */
    let opened: ComputingElement | undefined;

    beforeEach(async () => {
      workDir = await mkdtemp(join(tmpdir(), 'majorana-ce-'));
      ce = opened = await target.open(workDir);
    }, timeoutMs);

    afterEach(async () => {
      try {
        await opened?.close();
      } finally {
        opened = undefined;
        await rm(workDir, { recursive: true, force: true });
      }
    }, timeoutMs);

    /** Polls until every pilot is final, checking each status change against the transition table. */
    async function followToTheEnd(pilots: readonly SubmittedPilot[]): Promise<Map<string, PilotStatus[]>> {
      const seen = new Map<string, PilotStatus[]>(pilots.map((p) => [p.pilotRef, []]));
      await eventually(
        'every pilot to finish',
        async () => {
          const statuses = await ce.pilotStatuses(pilots.map((p) => p.pilotRef));
          expect(statuses.size).toBe(pilots.length);
          for (const [ref, status] of statuses) {
            const history = seen.get(ref)!;
            const last = history.at(-1);
            if (last !== status) {
              if (last !== undefined && !canPilotStatusChange(last, status)) {
                throw new Error(`${ref} went from ${last} to ${status}: ${history.join(' → ')}`);
              }
              history.push(status);
            }
          }
          return [...statuses.values()].every(isFinalPilotStatus) ? true : undefined;
        },
        timeoutMs - 5_000,
      );
      return seen;
    }

    it('names itself and offers room for pilots', () => {
      expect(ce.name).toMatch(/\S/);
      expect(ce.site).toMatch(/\S/);
      expect(['local', 'ssh', 'slurm']).toContain(ce.kind);
      const { maxPilots, slotsPerPilot } = ce.capacity();
      expect(Number.isSafeInteger(maxPilots) && maxPilots >= 3).toBe(true);
      expect(Number.isSafeInteger(slotsPerPilot) && slotsPerPilot >= 1).toBe(true);
    });

    it(
      'runs pilots from Running to Done or Failed by their exit code, with their arguments, environment and output',
      async () => {
        const before = Date.now();
        const good = await ce.submitPilots({
          count: 2,
          pilotCommand: launch(['--sleep-ms', '1000', '--exit-code', '0'], { FAKE_PILOT_GREETING: 'hello from the CE' }),
        });
        const bad = await ce.submitPilots({ count: 1, pilotCommand: launch(['--sleep-ms', '1000', '--exit-code', '3']) });

        const all = [...good, ...bad];
        expect(good).toHaveLength(2);
        expect(bad).toHaveLength(1);
        expect(new Set(all.map((p) => p.pilotRef)).size).toBe(3);
        for (const pilot of all) {
          expect(parsePilotRef(pilot.pilotRef)).toMatchObject({ kind: ce.kind, ce: ce.name });
          expect(pilot.batchId).toMatch(/\S/);
          expect(pilot.submittedAt.getTime()).toBeGreaterThanOrEqual(before - 1_000);
          expect(pilot.submittedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
        }

        const histories = await followToTheEnd(all);
        for (const pilot of all) {
          expect(histories.get(pilot.pilotRef)).toContain('Running');
        }
        expect(good.map((p) => histories.get(p.pilotRef)!.at(-1))).toEqual(['Done', 'Done']);
        expect(histories.get(bad[0]!.pilotRef)!.at(-1)).toBe('Failed');

        const output = await ce.pilotOutput(good[0]!.pilotRef);
        expect(JSON.parse(fakePilotLine(output.stdout, 'args') ?? 'null')).toEqual([
          ...launch(['--sleep-ms', '1000', '--exit-code', '0']).args,
        ]);
        expect(fakePilotLine(output.stdout, 'ref')).toBe(good[0]!.pilotRef);
        expect(fakePilotLine(output.stdout, 'greeting')).toBe('hello from the CE');
        expect(fakePilotLine(output.stdout, 'exiting')).toBe('0');
        expect(output.stderr).toMatch(/^fake-pilot stderr \d+$/m);
        expect(fakePilotLine((await ce.pilotOutput(bad[0]!.pilotRef)).stdout, 'exiting')).toBe('3');
      },
      timeoutMs,
    );

    it(
      'cancels a pilot together with the processes it started, even one that ignores SIGTERM',
      async () => {
        const [pilot] = await ce.submitPilots({ count: 1, pilotCommand: launch(['--sleep-ms', '60000', '--stubborn-child']) });
        const ref = pilot!.pilotRef;
        const stdout = await eventually(
          'the pilot and its stubborn child to start',
          async () => {
            const { stdout } = await ce.pilotOutput(ref);
            return fakePilotLine(stdout, 'child') === undefined ? undefined : stdout;
          },
          timeoutMs - 5_000,
        );
        const pids = [Number(fakePilotLine(stdout, 'pid')), Number(fakePilotLine(stdout, 'child')?.split(' ')[0])];
        expect(pids.every((pid) => Number.isSafeInteger(pid) && isAlive(pid))).toBe(true);

        await ce.cancelPilots([ref]);
        const cancelledAt = Date.now();
        await eventually('the pilot and its child to be gone', () => (pids.some(isAlive) ? undefined : true), CANCEL_DEADLINE_MS, 20);
        expect(Date.now() - cancelledAt).toBeLessThanOrEqual(CANCEL_DEADLINE_MS);

        const histories = await followToTheEnd([pilot!]);
        expect(histories.get(ref)!.at(-1)).toBe('Aborted');
      },
      timeoutMs,
    );

    it(
      'leaves a finished pilot as it was when asked to cancel it',
      async () => {
        const pilots = await ce.submitPilots({ count: 1, pilotCommand: launch([]) });
        await followToTheEnd(pilots);
        await ce.cancelPilots([pilots[0]!.pilotRef]);
        expect((await ce.pilotStatuses([pilots[0]!.pilotRef])).get(pilots[0]!.pilotRef)).toBe('Done');
      },
      timeoutMs,
    );

    it('refuses pilot refs it did not issue', async () => {
      const otherKind = `${ce.kind === 'slurm' ? 'local' : 'slurm'}://${ce.name}/1234`;
      const otherCe = `${ce.kind}://another-${ce.name}/1234`;
      const neverSubmitted = `${ce.kind}://${ce.name}/never-submitted`;
      for (const ref of ['not a pilot ref', otherKind, otherCe]) {
        expect(await caughtCode(ce.pilotStatuses([ref]))).toBe(CeErrorCode.UnknownPilot);
      }
      for (const ref of ['not a pilot ref', otherKind, otherCe, neverSubmitted]) {
        expect(await caughtCode(ce.pilotOutput(ref))).toBe(CeErrorCode.UnknownPilot);
        expect(await caughtCode(ce.cancelPilots([ref]))).toBe(CeErrorCode.UnknownPilot);
      }
    });

    it('refuses a malformed submission before starting anything', async () => {
      const good = launch([]);
      expect(await caughtCode(ce.submitPilots({ count: -1, pilotCommand: good }))).toBe(CeErrorCode.InvalidRequest);
      expect(await caughtCode(ce.submitPilots({ count: 1.5, pilotCommand: good }))).toBe(CeErrorCode.InvalidRequest);
      expect(await caughtCode(ce.submitPilots({ count: 1, pilotCommand: { ...good, script: 'relative/pilot.js' } }))).toBe(
        CeErrorCode.InvalidRequest,
      );
      expect(await caughtCode(ce.submitPilots({ count: 1, pilotCommand: { ...good, env: { MAJORANA_PILOT_REF: 'forged' } } }))).toBe(
        CeErrorCode.InvalidRequest,
      );
      expect(await ce.submitPilots({ count: 0, pilotCommand: good })).toEqual([]);
    });

    it('refuses more pilots than its capacity', async () => {
      const { maxPilots } = ce.capacity();
      expect(await caughtCode(ce.submitPilots({ count: maxPilots + 1, pilotCommand: launch([]) }))).toBe(CeErrorCode.CapacityExceeded);
    });

    it('refuses every call once closed, and closes twice quietly', async () => {
      await ce.close();
      await ce.close();
      expect(await caughtCode(ce.submitPilots({ count: 1, pilotCommand: launch([]) }))).toBe(CeErrorCode.Closed);
      expect(await caughtCode(ce.pilotStatuses([]))).toBe(CeErrorCode.Closed);
    });
  });
}

/** The code of the CeException a call ends with; fails if it succeeds or throws anything else. */
async function caughtCode(call: Promise<unknown>): Promise<CeErrorCode> {
  try {
    await call;
  } catch (error) {
    if (error instanceof CeException) {
      return error.code;
    }
    throw error;
  }
  throw new Error('expected a CeException, but the call succeeded');
}

function isLocalProcessAlive(pid: number): boolean {
  try {
    kill(pid, 0);
    return !isZombie(pid);
  } catch (error) {
    // EPERM: it exists, under another user.
    return errnoCode(error) === 'EPERM';
  }
}
