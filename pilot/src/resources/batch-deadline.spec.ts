import { describe, expect, it } from '@jest/globals';
import { discoverDeadline } from './batch-deadline.js';
import { type CommandResult, type CommandRunner } from './command-runner.js';

const NOW = Date.UTC(2025, 10, 25, 12, 0, 0);
const clock = { now: () => NOW };

/** Answers `squeue` as a Slurm installation would, and records what was run. */
class SqueueRunner implements CommandRunner {
  readonly calls: string[] = [];

  constructor(private readonly result: CommandResult) {}

  run(command: string, args: readonly string[]): Promise<CommandResult> {
    this.calls.push([command, ...args].join(' '));
    return Promise.resolve(this.result);
  }
}

const notInstalled = new SqueueRunner({ exitCode: null, stdout: '', stderr: 'spawn squeue ENOENT' });

describe(discoverDeadline.name, () => {
  it('is null outside a batch system and without --max-time', async () => {
    expect(await discoverDeadline({ env: {}, clock, runner: notInstalled })).toBeNull();
  });

  it('counts --max-time from now', async () => {
    expect(await discoverDeadline({ maxTimeS: 600, env: {}, clock, runner: notInstalled })).toBe(NOW + 600_000);
  });

  it("takes Slurm's SLURM_JOB_END_TIME without asking squeue", async () => {
    const runner = new SqueueRunner({ exitCode: 0, stdout: '1:00\n', stderr: '' });

    const deadline = await discoverDeadline({ env: { SLURM_JOB_ID: '77', SLURM_JOB_END_TIME: String(NOW / 1000 + 3600) }, clock, runner });

    expect(deadline).toBe(NOW + 3_600_000);
    expect(runner.calls).toEqual([]);
  });

  it("asks squeue for the job's time left when Slurm gives only the job id", async () => {
    const runner = new SqueueRunner({ exitCode: 0, stdout: '1-00:00:10\n', stderr: '' });

    const deadline = await discoverDeadline({ env: { SLURM_JOB_ID: '77' }, clock, runner });

    expect(deadline).toBe(NOW + 86_410_000);
    expect(runner.calls).toEqual(['squeue -h -j 77 -o %L']);
  });

  it('takes the earlier of --max-time and the batch limit', async () => {
    const runner = new SqueueRunner({ exitCode: 0, stdout: '10:00\n', stderr: '' });

    expect(await discoverDeadline({ maxTimeS: 3600, env: { SLURM_JOB_ID: '77' }, clock, runner })).toBe(NOW + 600_000);
    expect(await discoverDeadline({ maxTimeS: 60, env: { SLURM_JOB_ID: '77' }, clock, runner })).toBe(NOW + 60_000);
  });

  it('treats an unlimited Slurm job, a failing squeue or an odd job id as no limit', async () => {
    const unlimited = new SqueueRunner({ exitCode: 0, stdout: 'UNLIMITED\n', stderr: '' });
    const failing = new SqueueRunner({ exitCode: 1, stdout: '', stderr: 'slurm_load_jobs error: Invalid job id specified' });

    expect(await discoverDeadline({ env: { SLURM_JOB_ID: '77' }, clock, runner: unlimited })).toBeNull();
    expect(await discoverDeadline({ env: { SLURM_JOB_ID: '77' }, clock, runner: failing })).toBeNull();
    expect(await discoverDeadline({ env: { SLURM_JOB_ID: '77; rm -rf /' }, clock, runner: failing })).toBeNull();
    expect(failing.calls).toHaveLength(1);
  });
});
