import { describe, expect, it } from '@jest/globals';
import type { PilotLaunch } from '../computing-element.js';
import { CeErrorCode } from '../errors/ce.exception.js';
import type { CommandResult, CommandRunner, RunOptions } from '../shell/command-runner.js';
import { SlurmComputingElement } from './slurm.driver.js';
import { PREPARE_WORK_DIR, READ_EXIT_RECORDS, SUBMIT_PILOTS, TAIL_FILE, WRITE_FILE } from './slurm-shell-programs.js';

// The behaviour a real Slurm does not show on demand (a partial submission, a failing scancel),
// against a scripted runner. Everything else is tested on a real Slurm in test/ce/slurm-ce.e2e-spec.ts.

type Answer = (argv: readonly string[], options: RunOptions) => Partial<CommandResult>;

/** A runner that answers each command by its program (the shell program's text for `sh -c`). */
class ScriptedRunner implements CommandRunner {
  readonly description = 'scripted';
  readonly calls: string[][] = [];
  index = '';

  constructor(private readonly answers: Map<string, Answer>) {}

  run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    this.calls.push([...argv]);
    const key = argv[0] === 'sh' ? argv[2]! : argv[0]!;
    if (key === WRITE_FILE) {
      this.index = String(options.stdin);
    }
    const answer = this.answers.get(key)?.(argv, options) ?? {};
    return Promise.resolve({ stdout: '', stderr: '', exitCode: 0, ...answer });
  }

  copyFile(): Promise<void> {
    return Promise.reject(new Error('not used'));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

const LAUNCH: PilotLaunch = { executable: '/usr/bin/node', script: '/opt/pilot.js', args: [], env: {} };

async function openWith(answers: [string, Answer][], warnings: string[] = []) {
  const runner = new ScriptedRunner(new Map(answers));
  const ce = await SlurmComputingElement.open({
    name: 'hpc01',
    site: 'Site.example',
    workDir: '/scratch/mj',
    maxPilots: 5,
    runner,
    logger: { warn: (message) => warnings.push(message) },
  });
  return { ce, runner };
}

describe(SlurmComputingElement.name, () => {
  it('submits all pilots in one command and returns those sbatch queued before it failed', async () => {
    const warnings: string[] = [];
    const { ce, runner } = await openWith(
      [[SUBMIT_PILOTS, () => ({ stdout: '101\n102\n', stderr: 'sbatch: error: QOSMaxSubmitJobPerUserLimit\n', exitCode: 1 })]],
      warnings,
    );
    const pilots = await ce.submitPilots({ count: 3, pilotCommand: LAUNCH });
    expect(pilots.map((p) => p.pilotRef)).toEqual(['slurm://hpc01/101', 'slurm://hpc01/102']);
    expect(runner.calls.filter((argv) => argv[2] === SUBMIT_PILOTS)).toHaveLength(1);
    expect(warnings).toEqual([expect.stringContaining('submitted only 2 of 3 pilots: sbatch: error: QOSMaxSubmitJobPerUserLimit')]);
    expect(JSON.parse(runner.index)).toMatchObject({ ce: 'hpc01', pilots: [{ jobId: '101' }, { jobId: '102' }] });
  });

  it('throws submit-failed when sbatch queued nothing', async () => {
    const { ce } = await openWith([[SUBMIT_PILOTS, () => ({ stderr: 'sbatch: error: invalid partition specified\n', exitCode: 1 })]]);
    await expect(ce.submitPilots({ count: 1, pilotCommand: LAUNCH })).rejects.toMatchObject({
      code: CeErrorCode.SubmitFailed,
      message: expect.stringContaining('invalid partition specified'),
    });
  });

  it('counts the pilots still queued or running against maxPilots, asking squeue once', async () => {
    const { ce, runner } = await openWith([
      [SUBMIT_PILOTS, () => ({ stdout: '101\n102\n103\n' })],
      ['squeue', () => ({ stdout: '101|RUNNING\n102|PENDING\n103|COMPLETED\n' })],
    ]);
    await ce.submitPilots({ count: 3, pilotCommand: LAUNCH });
    await expect(ce.submitPilots({ count: 4, pilotCommand: LAUNCH })).rejects.toMatchObject({ code: CeErrorCode.CapacityExceeded });
    expect(runner.calls.filter((argv) => argv[0] === 'squeue')).toEqual([
      ['squeue', '--states=all', '--jobs=101,102,103', '--noheader', '--format=%i|%T'],
    ]);
  });

  it('keeps a final status once seen, without asking Slurm again', async () => {
    let state = 'RUNNING';
    const { ce, runner } = await openWith([
      [SUBMIT_PILOTS, () => ({ stdout: '101\n' })],
      ['squeue', () => ({ stdout: `101|${state}\n` })],
    ]);
    const [pilot] = await ce.submitPilots({ count: 1, pilotCommand: LAUNCH });
    expect((await ce.pilotStatuses([pilot!.pilotRef])).get(pilot!.pilotRef)).toBe('Running');
    state = 'COMPLETED';
    expect((await ce.pilotStatuses([pilot!.pilotRef])).get(pilot!.pilotRef)).toBe('Done');
    const squeues = runner.calls.filter((argv) => argv[0] === 'squeue').length;
    state = 'FAILED';
    expect((await ce.pilotStatuses([pilot!.pilotRef])).get(pilot!.pilotRef)).toBe('Done');
    expect(runner.calls.filter((argv) => argv[0] === 'squeue')).toHaveLength(squeues);
  });

  it('treats a single job squeue no longer knows as forgotten, and reads its exit record', async () => {
    const { ce } = await openWith([
      [SUBMIT_PILOTS, () => ({ stdout: '101\n' })],
      ['squeue', () => ({ stderr: 'slurm_load_jobs error: Invalid job id specified\n', exitCode: 1 })],
      [READ_EXIT_RECORDS, () => ({ stdout: '101 0\n' })],
    ]);
    const [pilot] = await ce.submitPilots({ count: 1, pilotCommand: LAUNCH });
    expect((await ce.pilotStatuses([pilot!.pilotRef])).get(pilot!.pilotRef)).toBe('Done');
  });

  it('cancels all pilots with one scancel, and throws cancel-failed when scancel reports a real error', async () => {
    let scancel: Partial<CommandResult> = {};
    const { ce, runner } = await openWith([
      [SUBMIT_PILOTS, () => ({ stdout: '101\n102\n' })],
      ['squeue', () => ({ stdout: '101|RUNNING\n102|PENDING\n' })],
      ['scancel', () => scancel],
    ]);
    const refs = (await ce.submitPilots({ count: 2, pilotCommand: LAUNCH })).map((p) => p.pilotRef);
    await ce.cancelPilots(refs);
    expect(runner.calls.filter((argv) => argv[0] === 'scancel')).toEqual([['scancel', '101', '102']]);

    scancel = { stderr: 'scancel: error: Kill job error on job id 102: Job/step already completing or completed\n', exitCode: 1 };
    await ce.cancelPilots(refs);
    scancel = { stderr: 'scancel: error: Kill job error on job id 101: Access/permission denied\n', exitCode: 1 };
    await expect(ce.cancelPilots(refs)).rejects.toMatchObject({ code: CeErrorCode.CancelFailed });
  });

  it('returns the tails of both output files, dropping a character cut in half', async () => {
    const { ce } = await openWith([
      [SUBMIT_PILOTS, () => ({ stdout: '101\n' })],
      [TAIL_FILE, (argv) => ({ stdout: argv[4]!.endsWith('.out') ? '\uFFFD\uFFFDend of out\n' : 'err\n' })],
    ]);
    const [pilot] = await ce.submitPilots({ count: 1, pilotCommand: LAUNCH });
    expect(await ce.pilotOutput(pilot!.pilotRef)).toEqual({ stdout: 'end of out\n', stderr: 'err\n' });
  });

  it('refuses an index another CE wrote, naming the file', async () => {
    const answers = new Map<string, Answer>([
      [PREPARE_WORK_DIR, () => ({ stdout: JSON.stringify({ version: 1, ce: 'other', pilots: [] }) })],
    ]);
    await expect(
      SlurmComputingElement.open({ name: 'hpc01', site: 'S', workDir: '/scratch/mj', runner: new ScriptedRunner(answers) }),
    ).rejects.toMatchObject({ code: CeErrorCode.IndexUnreadable, message: expect.stringContaining('/scratch/mj/pilots.json') });
  });
});
