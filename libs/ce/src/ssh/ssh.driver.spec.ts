import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { PilotLaunch } from '../computing-element.js';
import { CeErrorCode } from '../errors/ce.exception.js';
import type { CommandResult, CommandRunner, RunOptions } from '../shell/command-runner.js';
import type { SshCeOptions } from './ssh-ce-options.js';
import { SshComputingElement } from './ssh.driver.js';

/** The remote call a script name stands for, and what the fake host answers to it. */
type Answer = (args: readonly string[], stdin: string) => CommandResult;

/**
 * A remote host that answers each script (`sh -c <script> <name> <args…>`) by its name; the real
 * scripts run against a real sshd in test/ce/ssh-driver.e2e-spec.ts.
 */
class FakeHost implements CommandRunner {
  readonly description = 'ssh://pilots@fake-host:22';
  readonly calls: { name: string; args: readonly string[]; stdin: string }[] = [];
  readonly answers = new Map<string, Answer>();
  closed = false;

  run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const [, , , name = '', ...args] = argv;
    const stdin = typeof options.stdin === 'string' ? options.stdin : (options.stdin?.toString('utf8') ?? '');
    this.calls.push({ name, args, stdin });
    const answer = this.answers.get(name);
    return Promise.resolve(answer === undefined ? { stdout: '', stderr: `no answer for ${name}`, exitCode: 1 } : answer(args, stdin));
  }

  copyFile(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

const ok = (stdout: string): CommandResult => ({ stdout, stderr: '', exitCode: 0 });
/** The launcher's ids argument, one pilot per id. */
const launchedIds = (args: readonly string[]): string[] => (args[2] ?? '').split(' ');

describe(SshComputingElement.name, () => {
  let workDir: string;
  let host: FakeHost;
  let warnings: string[];
  const opened: SshComputingElement[] = [];
  const launch: PilotLaunch = {
    executable: '/usr/bin/node',
    script: '/opt/pilot.js',
    args: ['--slots', '2'],
    env: { MAJORANA_PILOT_TOKEN: 't0k' },
  };

  const open = async (overrides: Partial<SshCeOptions> = {}): Promise<SshComputingElement> => {
    const ce = await SshComputingElement.open({
      name: 'ssh-unit',
      site: 'Unit.test',
      workDir,
      connection: { host: 'fake-host', user: 'pilots' },
      remoteWorkDir: '/scratch/majorana/',
      shipPilot: false,
      maxPilots: 3,
      runner: host,
      logger: { warn: (message) => warnings.push(message) },
      ...overrides,
    });
    opened.push(ce);
    return ce;
  };

  beforeEach(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'majorana-ssh-unit-'));
    host = new FakeHost();
    warnings = [];
    host.answers.set('majorana-launch', (args) =>
      ok(
        launchedIds(args)
          .map((id, i) => `${id} started ${1000 + i}\n`)
          .join(''),
      ),
    );
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((ce) => ce.close()));
    await rm(workDir, { recursive: true, force: true });
  });

  it('starts a batch in one call, with the environment on stdin and the launch on the command line', async () => {
    const sut = await open({ baseEnv: { SITE_SCRATCH: '/scratch' } });
    const pilots = await sut.submitPilots({ count: 3, pilotCommand: launch });
    expect(pilots.map((p) => p.batchId)).toEqual(['1000', '1001', '1002']);
    expect(host.calls).toHaveLength(1);
    const [call] = host.calls;
    expect(call!.args.slice(0, 2)).toEqual(['/scratch/majorana', 'ssh://ssh-unit/']);
    expect(call!.args.slice(-4)).toEqual(['/usr/bin/node', '/opt/pilot.js', '--slots', '2']);
    expect(call!.args.join(' ')).not.toContain('t0k');
    expect(call!.stdin).toBe('export SITE_SCRATCH=/scratch\nexport MAJORANA_PILOT_TOKEN=t0k\n');
  });

  it('runs the remote node path given in its options', async () => {
    const sut = await open({ remoteNodePath: '/opt/node20/bin/node' });
    await sut.submitPilots({ count: 1, pilotCommand: launch });
    expect(host.calls[0]!.args).toContain('/opt/node20/bin/node');
    expect(host.calls[0]!.args).not.toContain('/usr/bin/node');
  });

  it('returns the pilots that started when others failed, and warns about the rest', async () => {
    host.answers.set('majorana-launch', (args) => {
      const [first, second] = launchedIds(args);
      return ok(`${first} started 77\n${second} failed cannot create /scratch/majorana/${second}\n`);
    });
    const sut = await open();
    const pilots = await sut.submitPilots({ count: 2, pilotCommand: launch });
    expect(pilots.map((p) => p.batchId)).toEqual(['77']);
    expect(warnings.join()).toMatch(/started only 1 of 2 pilots: cannot create/);
  });

  it('fails with the host’s reason when no pilot started', async () => {
    host.answers.set('majorana-launch', () => ok('- error the pilot executable /usr/bin/node is not an executable file on this host\n'));
    const sut = await open();
    await expect(sut.submitPilots({ count: 1, pilotCommand: launch })).rejects.toMatchObject({
      code: CeErrorCode.SubmitFailed,
      message: expect.stringContaining('/usr/bin/node is not an executable file'),
    });
  });

  it('asks the host which pilots ended before refusing a submission for capacity', async () => {
    const sut = await open({ maxPilots: 1 });
    const [first] = await sut.submitPilots({ count: 1, pilotCommand: launch });
    host.answers.set('majorana-status', (args) =>
      ok(
        args
          .slice(1)
          .map((id) => `${id} exited 0\n`)
          .join(''),
      ),
    );
    await sut.submitPilots({ count: 1, pilotCommand: launch });
    expect(host.calls.map((c) => c.name)).toEqual(['majorana-launch', 'majorana-status', 'majorana-launch']);
    expect((await sut.pilotStatuses([first!.pilotRef])).get(first!.pilotRef)).toBe('Done');
  });

  it('polls only pilots that have not ended, all in one call', async () => {
    const sut = await open();
    const pilots = await sut.submitPilots({ count: 3, pilotCommand: launch });
    const ids = host.calls[0]!.args[2]!.split(' ');
    host.answers.set('majorana-status', () => ok(`${ids[0]} exited 0\n${ids[1]} exited 3\n${ids[2]} running\n`));
    const refs = pilots.map((p) => p.pilotRef);
    expect([...(await sut.pilotStatuses(refs)).values()]).toEqual(['Done', 'Failed', 'Running']);
    await sut.pilotStatuses(refs);
    expect(host.calls.at(-1)!.args.slice(1)).toEqual([ids[2]]);
    expect(host.calls.filter((c) => c.name === 'majorana-status')).toHaveLength(2);
  });

  it('keeps what it knew and warns when the status query fails', async () => {
    const sut = await open();
    const [pilot] = await sut.submitPilots({ count: 1, pilotCommand: launch });
    host.answers.set('majorana-status', () => ({ stdout: '', stderr: 'sh: cannot fork', exitCode: 2 }));
    expect((await sut.pilotStatuses([pilot!.pilotRef])).get(pilot!.pilotRef)).toBe('Running');
    expect(warnings.join()).toMatch(/status query .* exited 2: sh: cannot fork/);
  });

  it('marks signalled pilots cancelled, so that their end reads Aborted', async () => {
    const sut = await open();
    const [pilot] = await sut.submitPilots({ count: 1, pilotCommand: launch });
    host.answers.set('majorana-cancel', (args) => ok(`${args[2]} signalled\n`));
    await sut.cancelPilots([pilot!.pilotRef]);
    expect(host.calls.at(-1)!.args.slice(0, 2)).toEqual(['/scratch/majorana', '10.000']);
    host.answers.set('majorana-status', (args) => ok(`${args[1]} exited 0\n`));
    expect((await sut.pilotStatuses([pilot!.pilotRef])).get(pilot!.pilotRef)).toBe('Aborted');
    // Already cancelled: a second cancel sends nothing.
    const callsBefore = host.calls.length;
    await sut.cancelPilots([pilot!.pilotRef]);
    expect(host.calls).toHaveLength(callsBefore);
  });

  it('reports cancel-failed when the host could not be asked', async () => {
    const sut = await open();
    const [pilot] = await sut.submitPilots({ count: 1, pilotCommand: launch });
    host.answers.set('majorana-cancel', () => ({ stdout: '', stderr: 'Permission denied', exitCode: 1 }));
    await expect(sut.cancelPilots([pilot!.pilotRef])).rejects.toMatchObject({ code: CeErrorCode.CancelFailed });
  });

  it('splits the output tails at the boundary it chose', async () => {
    const sut = await open({ outputTailBytes: 4096 });
    const [pilot] = await sut.submitPilots({ count: 1, pilotCommand: launch });
    host.answers.set('majorana-output', (args) => {
      expect(args[1]).toBe('4096');
      return ok(`\uFFFDout line\n\n${args[2]}\nerr line\n`);
    });
    expect(await sut.pilotOutput(pilot!.pilotRef)).toEqual({ stdout: 'out line\n', stderr: 'err line\n' });
    host.answers.set('majorana-output', () => ok('truncated answer'));
    await expect(sut.pilotOutput(pilot!.pilotRef)).rejects.toMatchObject({ code: CeErrorCode.OutputUnavailable });
  });

  it('closes its runner, and refuses every call after', async () => {
    const sut = await open();
    await sut.close();
    expect(host.closed).toBe(true);
    await expect(sut.pilotStatuses([])).rejects.toMatchObject({ code: CeErrorCode.Closed });
  });
});
