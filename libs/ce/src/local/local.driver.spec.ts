import { spawn } from 'node:child_process';
import { access, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type PilotLaunch, type SubmittedPilot } from '../computing-element.js';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import type { CeLogFields } from '../logging/ce-logger.js';
import { type PilotStatus } from '../pilot-status.js';
import { describeCeConformance, FAKE_PILOT_SCRIPT } from '../testing/ce-conformance.js';
import { fakePilotLine } from '../testing/ce-output-lines.js';
import { eventually } from '../testing/eventually.js';
import { ChildProcessSpawner } from './child-process.spawner.js';
import { type LocalCeOptions } from './local-ce-options.js';
import type { ProcessSpawner } from './process-spawner.js';
import { LOCAL_PILOT_INDEX_FILE } from './local-pilot-index.file.js';
import { LocalComputingElement } from './local.driver.js';

const spawner = new ChildProcessSpawner();

describeCeConformance(LocalComputingElement.name, {
  open: (workDir) => LocalComputingElement.open({ name: 'local-conformance', site: 'Local.test', workDir, maxPilots: 4, killGraceMs: 300 }),
});

describe(LocalComputingElement.name, () => {
  let workDir: string;
  const opened: LocalComputingElement[] = [];
  const strays: number[] = [];
  const warnings: string[] = [];

  beforeEach(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'majorana-local-ce-'));
  });

  afterEach(async () => {
    try {
      await Promise.all(opened.splice(0).map((ce) => ce.close()));
    } finally {
      for (const pid of strays.splice(0)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      warnings.splice(0);
      await rm(workDir, { recursive: true, force: true });
    }
  });

  async function open(options: Partial<LocalCeOptions> = {}): Promise<LocalComputingElement> {
    const ce = await LocalComputingElement.open({
      name: 'local-test',
      site: 'Local.test',
      workDir,
      maxPilots: 4,
      killGraceMs: 300,
      logger: { warn: (message: string, _fields: CeLogFields) => warnings.push(message) },
      ...options,
    });
    opened.push(ce);
    return ce;
  }

  function launch(fixtureArgs: string[], overrides: Partial<PilotLaunch> = {}): PilotLaunch {
    return { executable: process.execPath, script: FAKE_PILOT_SCRIPT, args: fixtureArgs, env: {}, ...overrides };
  }

  async function statusOf(ce: LocalComputingElement, ref: string): Promise<PilotStatus | undefined> {
    return (await ce.pilotStatuses([ref])).get(ref);
  }

  async function untilStatus(ce: LocalComputingElement, ref: string, wanted: PilotStatus): Promise<void> {
    await eventually(`${ref} to be ${wanted}`, async () => ((await statusOf(ce, ref)) === wanted ? true : undefined), 8_000);
  }

  /** The fixture's pid once it has printed it (and so installed its SIGTERM handler, if asked to). */
  async function startedPid(ce: LocalComputingElement, ref: string, line = 'pid'): Promise<number> {
    const value = await eventually(
      `${ref} to print its ${line}`,
      async () => fakePilotLine((await ce.pilotOutput(ref)).stdout, line),
      8_000,
    );
    return Number(value.split(' ')[0]);
  }

  /** The pilot directories (named by UUID) in the work directory; the index and its temporary copies aside. */
  async function pilotDirs(): Promise<string[]> {
    return (await readdir(workDir)).filter((entry) => /^[0-9a-f-]{36}$/.test(entry));
  }

  async function caughtCode(call: Promise<unknown>): Promise<CeErrorCode> {
    const error = await call.then(
      () => new Error('expected a CeException, but the call succeeded'),
      (thrown: unknown) => thrown,
    );
    if (error instanceof CeException) {
      return error.code;
    }
    throw error;
  }

  it('starts each pilot in its own directory of the work directory, with its output there', async () => {
    const ce = await open();
    const [pilot] = await ce.submitPilots({ count: 1, pilotCommand: launch([]) });
    await untilStatus(ce, pilot!.pilotRef, 'Done');
    const id = pilot!.pilotRef.split('/').at(-1)!;
    expect(pilot!.pilotRef).toBe(`local://local-test/${id}`);
    expect((await readFile(join(workDir, id, 'pilot.out'), 'utf8')).split('\n')).toContain(`fake-pilot pid ${pilot!.batchId}`);
    expect(await readFile(join(workDir, id, 'pilot.err'), 'utf8')).toBe(`fake-pilot stderr ${pilot!.batchId}\n`);
  });

  it('offers max(available cores, 4) slots per pilot and one pilot by default', async () => {
    const ce = await open({ maxPilots: undefined });
    expect(ce.capacity().maxPilots).toBe(1);
    expect(ce.capacity().slotsPerPilot).toBeGreaterThanOrEqual(4);
  });

  it('kills a pilot that ignores SIGTERM once the grace is over, and reports it Aborted', async () => {
    const ce = await open({ killGraceMs: 300 });
    const [pilot] = await ce.submitPilots({ count: 1, pilotCommand: launch(['--sleep-ms', '60000', '--ignore-sigterm']) });
    const pid = await startedPid(ce, pilot!.pilotRef);
    await ce.cancelPilots([pilot!.pilotRef]);
    expect(spawner.isAlive(pid)).toBe(true);
    expect(await statusOf(ce, pilot!.pilotRef)).toBe('Running');
    await untilStatus(ce, pilot!.pilotRef, 'Aborted');
    expect(spawner.isAlive(pid)).toBe(false);
    expect((await ce.pilotOutput(pilot!.pilotRef)).stdout).toContain('fake-pilot ignoring SIGTERM');
  });

  it('reports Failed for a pilot killed by a signal it was not sent by a cancel', async () => {
    const ce = await open();
    const [pilot] = await ce.submitPilots({ count: 1, pilotCommand: launch(['--sleep-ms', '60000']) });
    process.kill(await startedPid(ce, pilot!.pilotRef), 'SIGKILL');
    await untilStatus(ce, pilot!.pilotRef, 'Failed');
  });

  it('kills what a pilot left in its process group when the pilot exits', async () => {
    const ce = await open();
    const [pilot] = await ce.submitPilots({ count: 1, pilotCommand: launch(['--sleep-ms', '300', '--stubborn-child']) });
    const child = await startedPid(ce, pilot!.pilotRef, 'child');
    await untilStatus(ce, pilot!.pilotRef, 'Done');
    await eventually('the stubborn child to be gone', () => (spawner.isAlive(child) ? undefined : true), 2_000, 20);
  });

  it('stops every pilot on close, SIGTERM-deaf ones included, and remembers them as Aborted', async () => {
    const ce = await open({ killGraceMs: 300 });
    const pilots = [
      ...(await ce.submitPilots({ count: 1, pilotCommand: launch(['--sleep-ms', '60000', '--stubborn-child']) })),
      ...(await ce.submitPilots({ count: 1, pilotCommand: launch(['--sleep-ms', '60000', '--ignore-sigterm']) })),
    ];
    const pids = [
      await startedPid(ce, pilots[0]!.pilotRef),
      await startedPid(ce, pilots[0]!.pilotRef, 'child'),
      await startedPid(ce, pilots[1]!.pilotRef),
    ];
    await ce.close();
    expect(pids.filter((pid) => spawner.isAlive(pid))).toEqual([]);

    const reopened = await open();
    const statuses = await reopened.pilotStatuses(pilots.map((p) => p.pilotRef));
    expect([...statuses.values()]).toEqual(['Aborted', 'Aborted']);
  });

  it('answers after a restart for the pilots it started before: statuses and output', async () => {
    const first = await open();
    const done = await first.submitPilots({ count: 1, pilotCommand: launch([]) });
    const failed = await first.submitPilots({ count: 1, pilotCommand: launch(['--exit-code', '7']) });
    await untilStatus(first, done[0]!.pilotRef, 'Done');
    await untilStatus(first, failed[0]!.pilotRef, 'Failed');
    await first.close();

    const second = await open();
    const statuses = await second.pilotStatuses([done[0]!.pilotRef, failed[0]!.pilotRef]);
    expect([...statuses.values()]).toEqual(['Done', 'Failed']);
    expect(fakePilotLine((await second.pilotOutput(failed[0]!.pilotRef)).stdout, 'exiting')).toBe('7');
  });

  it('after a restart, calls a surviving pilot Unknown (and counts it), and a vanished one Aborted', async () => {
    const first = await open();
    const pilots = await first.submitPilots({ count: 2, pilotCommand: launch([]) });
    await untilStatus(first, pilots[0]!.pilotRef, 'Done');
    await untilStatus(first, pilots[1]!.pilotRef, 'Done');
    await first.close();

    // What a crashed server leaves: both pilots recorded without an exit. One still runs (a process
    // of ours stands in for it); the other's pid is gone.
    const survivor = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { detached: true, stdio: 'ignore' });
    survivor.unref();
    strays.push(survivor.pid!);
    const indexPath = join(workDir, LOCAL_PILOT_INDEX_FILE);
    const index = JSON.parse(await readFile(indexPath, 'utf8')) as { pilots: { pid: number; exit: unknown }[] };
    index.pilots[0] = { ...index.pilots[0]!, pid: survivor.pid!, exit: null };
    index.pilots[1] = { ...index.pilots[1]!, exit: null };
    await writeFile(indexPath, JSON.stringify(index));

    const second = await open({ maxPilots: 2 });
    const [survivorRef, vanishedRef] = pilots.map((p) => p.pilotRef) as [string, string];
    expect(await statusOf(second, survivorRef)).toBe('Unknown');
    expect(await statusOf(second, vanishedRef)).toBe('Aborted');
    expect(await caughtCode(second.submitPilots({ count: 2, pilotCommand: launch([]) }))).toBe(CeErrorCode.CapacityExceeded);

    await second.cancelPilots([survivorRef]);
    await untilStatus(second, survivorRef, 'Aborted');
    expect(spawner.isAlive(survivor.pid!)).toBe(false);
  });

  it('refuses a second driver on the same work directory, and takes over the lock of a dead process', async () => {
    await open();
    expect(await caughtCode(open())).toBe(CeErrorCode.WorkDirInUse);

    const otherDir = await mkdtemp(join(tmpdir(), 'majorana-local-ce-'));
    try {
      const dead = spawn(process.execPath, ['-e', '']);
      await new Promise((resolve) => dead.once('exit', resolve));
      await writeFile(join(otherDir, 'local-ce.lock'), JSON.stringify({ pid: dead.pid, token: 'from-a-crash' }));
      const ce = await open({ workDir: otherDir });
      await ce.close();
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('refuses to open a work directory whose index belongs to another CE, or is damaged', async () => {
    await (await open()).close();
    expect(await caughtCode(open({ name: 'another-ce' }))).toBe(CeErrorCode.IndexUnreadable);
    await writeFile(join(workDir, LOCAL_PILOT_INDEX_FILE), '{"version":1,');
    expect(await caughtCode(open())).toBe(CeErrorCode.IndexUnreadable);
  });

  it('returns only the last outputTailBytes of a long output', async () => {
    const ce = await open({ outputTailBytes: 1000 });
    const [pilot] = await ce.submitPilots({ count: 1, pilotCommand: launch(['--print-bytes', '5000']) });
    await untilStatus(ce, pilot!.pilotRef, 'Done');
    const { stdout } = await ce.pilotOutput(pilot!.pilotRef);
    expect(stdout.length).toBe(1000);
    expect(stdout.endsWith('fake-pilot exiting 0\n')).toBe(true);
  });

  it("gives pilots a few harmless variables of the server's environment, not its secrets", async () => {
    process.env['MAJORANA_CE_TEST_SECRET'] = 'database password';
    try {
      const ce = await open();
      const [secret] = await ce.submitPilots({ count: 1, pilotCommand: launch(['--print-env', 'MAJORANA_CE_TEST_SECRET']) });
      const [path] = await ce.submitPilots({ count: 1, pilotCommand: launch(['--print-env', 'PATH']) });
      await untilStatus(ce, secret!.pilotRef, 'Done');
      await untilStatus(ce, path!.pilotRef, 'Done');
      expect(fakePilotLine((await ce.pilotOutput(secret!.pilotRef)).stdout, 'env')).toBe('MAJORANA_CE_TEST_SECRET unset');
      expect(fakePilotLine((await ce.pilotOutput(path!.pilotRef)).stdout, 'env')).toBe(`PATH=${process.env['PATH']}`);
    } finally {
      delete process.env['MAJORANA_CE_TEST_SECRET'];
    }
  });

  it('fails a submission whose executable or script is missing, leaving nothing behind', async () => {
    const ce = await open({ maxPilots: 1 });
    expect(await caughtCode(ce.submitPilots({ count: 1, pilotCommand: launch([], { executable: join(workDir, 'no-node') }) }))).toBe(
      CeErrorCode.SubmitFailed,
    );
    expect(await caughtCode(ce.submitPilots({ count: 1, pilotCommand: launch([], { script: join(workDir, 'no-pilot.js') }) }))).toBe(
      CeErrorCode.SubmitFailed,
    );
    expect(await pilotDirs()).toEqual([]);
    // The failed attempts took no room.
    expect(await ce.submitPilots({ count: 1, pilotCommand: launch([]) })).toHaveLength(1);
  });

  it('returns the pilots that started when a later one cannot start, and logs the shortfall', async () => {
    let spawns = 0;
    const failingSecond: ProcessSpawner = {
      spawn: (request) => (++spawns === 2 ? Promise.reject(new Error('EAGAIN: no more processes')) : spawner.spawn(request)),
      signalGroup: (groupId, signal) => spawner.signalGroup(groupId, signal),
      isAlive: (pid) => spawner.isAlive(pid),
    };
    const ce = await open({ spawner: failingSecond });
    const pilots = await ce.submitPilots({ count: 3, pilotCommand: launch([]) });
    expect(pilots).toHaveLength(1);
    expect(warnings).toEqual(['started only 1 of 3 pilots']);
    await untilStatus(ce, pilots[0]!.pilotRef, 'Done');
    expect(await pilotDirs()).toEqual([pilots[0]!.pilotRef.split('/').at(-1)]);
  });

  it('counts running pilots against maxPilots and frees their room when they end', async () => {
    const ce = await open({ maxPilots: 2 });
    const running = await ce.submitPilots({ count: 2, pilotCommand: launch(['--sleep-ms', '60000']) });
    expect(await caughtCode(ce.submitPilots({ count: 1, pilotCommand: launch([]) }))).toBe(CeErrorCode.CapacityExceeded);
    await ce.cancelPilots(running.map((p) => p.pilotRef));
    for (const pilot of running) {
      await untilStatus(ce, pilot.pilotRef, 'Aborted');
    }
    expect(await ce.submitPilots({ count: 2, pilotCommand: launch([]) })).toHaveLength(2);
  });

  it('cleans up pilots that finished before a date, after which their refs read Unknown', async () => {
    let now = 1_764_000_000_000;
    const ce = await open({ clock: { now: () => now } });
    const [finished] = await ce.submitPilots({ count: 1, pilotCommand: launch([]) });
    await untilStatus(ce, finished!.pilotRef, 'Done');
    now += 60_000;
    const [running] = await ce.submitPilots({ count: 1, pilotCommand: launch(['--sleep-ms', '60000']) });
    const dir = (pilot: SubmittedPilot) => join(workDir, pilot.pilotRef.split('/').at(-1)!);

    expect(await ce.cleanup(new Date(1_764_000_000_000))).toEqual([]);
    expect(await ce.cleanup(new Date(now + 3_600_000))).toEqual([finished!.pilotRef]);
    await expect(access(dir(finished!))).rejects.toThrow();
    await access(dir(running!));
    expect(await statusOf(ce, finished!.pilotRef)).toBe('Unknown');
    expect(await statusOf(ce, running!.pilotRef)).toBe('Running');
    expect(await caughtCode(ce.pilotOutput(finished!.pilotRef))).toBe(CeErrorCode.UnknownPilot);
  });

  it('refuses bad options with invalid-configuration', async () => {
    expect(await caughtCode(open({ name: 'a/b' }))).toBe(CeErrorCode.InvalidConfiguration);
    expect(await caughtCode(open({ workDir: 'relative/dir' }))).toBe(CeErrorCode.InvalidConfiguration);
    expect(await caughtCode(open({ slotsPerPilot: 0 }))).toBe(CeErrorCode.InvalidConfiguration);
  });
});
