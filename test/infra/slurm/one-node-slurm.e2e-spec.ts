import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { type OneNodeSlurm, oneNodeSlurmUnavailable, startOneNodeSlurm } from './one-node-slurm.js';

const run = promisify(execFile);
const unavailable = await oneNodeSlurmUnavailable();
if (unavailable !== null) {
  console.warn(`Skipping the one-node Slurm tests: ${unavailable}`);
}

(unavailable === null ? describe : describe.skip)(startOneNodeSlurm.name, () => {
  const started: OneNodeSlurm[] = [];

  afterAll(async () => {
    await Promise.all(started.map((slurm) => slurm.stop()));
  }, 60_000);

  const slurmCommand = (slurm: OneNodeSlurm, argv: string[]) => run(argv[0]!, argv.slice(1), { env: { ...process.env, ...slurm.env } });

  it('starts two Slurms side by side, each with its own node, slots and job list, and stops them by PID', async () => {
    const [a, b] = await Promise.all([startOneNodeSlurm({ slots: 3 }), startOneNodeSlurm({ slots: 5 })]);
    started.push(a, b);
    expect((await slurmCommand(a, ['sinfo', '--noheader', '--format=%c %T'])).stdout.trim()).toBe('3 idle');
    expect((await slurmCommand(b, ['sinfo', '--noheader', '--format=%c %T'])).stdout.trim()).toBe('5 idle');

    const { stdout: jobId } = await slurmCommand(a, ['sbatch', '--parsable', '--wrap', 'sleep 30']);
    const listed = async (slurm: OneNodeSlurm) =>
      (await slurmCommand(slurm, ['squeue', '--noheader', '--states=all', '--format=%i'])).stdout.trim();
    expect(await listed(a)).toBe(jobId.trim());
    expect(await listed(b)).toBe('');

    const pids = await Promise.all(['slurmctld.pid', 'slurmd.pid'].map(async (file) => Number(await readFile(join(a.dir, file), 'utf8'))));
    await a.stop();
    await a.stop();
    expect(pids.every((pid) => Number.isSafeInteger(pid) && pid > 1)).toBe(true);
    for (const pid of pids) {
      expect(() => process.kill(pid, 0)).toThrow();
    }
    expect((await slurmCommand(b, ['scontrol', 'ping'])).stdout).toMatch(/is UP/);
  }, 60_000);
});
