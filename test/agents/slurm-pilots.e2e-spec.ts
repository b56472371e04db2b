import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../pilots/support/pilot-process.js';
import { type LoopbackSshd, startLoopbackSshd } from '../infra/sshd/loopback-sshd.js';
import { type OneNodeSlurm, oneNodeSlurmUnavailable, startOneNodeSlurm } from '../infra/slurm/one-node-slurm.js';
import type { DatabaseKind } from '../server/support/test-server.js';
import { ceDeclaration, type CeGrid, SEED_JOB_DIR, startCeGrid } from './support-ce-grid.js';

/**
 * Real pilots on a real one-node Slurm (started for this file, stopped by PID): a server with its
 * agents whose config file declares a Slurm CE, jobs submitted through the REST API. The Slurm CE runs
 * sbatch/squeue/scancel on this machine (LocalCommandRunner), or over SSH on the loopback sshd.
 *
 * How the Slurm clients find the test Slurm (its slurm.conf is in a temporary folder, not /etc/slurm):
 * - locally, through SLURM_CONF in the environment of `majorana up`, as on a submit host whose admin
 *   exports it (the agents' LocalCommandRunner passes their environment to sbatch & co.);
 * - over SSH, through sshd's `SetEnv SLURM_CONF=…` (loopback sshd's `sessionEnv`), as a login node's
 *   profile would set it.
 */
const run = promisify(execFile);
const unavailable = await oneNodeSlurmUnavailable();
if (unavailable !== null) {
  console.warn(`Skipping the Slurm pilot tests: ${unavailable}`);
}
const describeWithSlurm = unavailable === null ? describe : describe.skip;

describeWithSlurm('real pilots on a one-node Slurm CE', () => {
  let slurm: OneNodeSlurm;

  beforeAll(async () => {
    slurm = await startOneNodeSlurm({ slots: 4 });
  }, 60_000);

  afterAll(async () => {
    await slurm?.stop();
  }, 60_000);

  const slurmCommand = async (argv: string[]): Promise<string> =>
    (await run(argv[0]!, argv.slice(1), { env: { ...process.env, ...slurm.env } })).stdout;
  /** Slurm's name of the job behind a pilot ref `slurm://<ce>/<jobid>` (it keeps finished jobs MinJobAge seconds). */
  const slurmJobName = async (jobId: string): Promise<string> =>
    (await slurmCommand(['squeue', '--noheader', '--states=all', `--jobs=${jobId}`, '--format=%j'])).trim();
  /** Cancels every pilot of a CE, so the next grid starts with free slots. */
  const cancelPilotsOf = async (ce: string): Promise<void> => {
    await slurmCommand(['scancel', `--name=majorana.${ce}`, '--full']).catch(() => undefined);
  };
  const jobIdOf = (pilotRef: string): string => /^slurm:\/\/[^/]+\/(\d+)$/.exec(pilotRef)?.[1] ?? `not a Slurm pilot ref: ${pilotRef}`;

  /** A grid with one Slurm CE on this machine; `name` is fresh so its sbatch job names are its own. */
  function describeGrid(kind: DatabaseKind, body: (grid: () => CeGrid, ce: string) => void): void {
    describe(`on ${kind}`, () => {
      const ce = `slurm-${kind}-${randomBytes(3).toString('hex')}`;
      let workDir: string;
      let grid: CeGrid | undefined;
      beforeAll(async () => {
        workDir = await mkdtemp(join(tmpdir(), 'majorana-slurm-ce-'));
        grid = await startCeGrid({
          kind,
          computingElements: [ceDeclaration({ name: ce, type: 'slurm', workDir, slurm: { partition: slurm.partition } })],
          env: slurm.env,
        });
      }, 90_000);
      afterAll(async () => {
        // Server first, so no site director sends another pilot; then its pilots leave Slurm.
        await grid?.close();
        await cancelPilotsOf(ce);
        await rm(workDir, { recursive: true, force: true });
      }, 60_000);
      body(() => grid!, ce);
    });
  }

  /** The seed job end to end: input sandbox up, sbatch'd pilot runs it, output sandbox down. */
  async function runSeedJob(grid: CeGrid, ce: string): Promise<{ jobId: number; pilotRef: string }> {
    const { jobIds } = await grid.client.submitFile(join(SEED_JOB_DIR, 'Job.jdl'), { baseDir: SEED_JOB_DIR });
    const jobId = jobIds[0]!;
    expect(await grid.untilStatus(jobId, ['Done', 'Failed'])).toMatchObject({
      Status: 'Done',
      ApplicationStatus: 'Application exited with status 0',
    });
    const out = await mkdtemp(join(tmpdir(), 'majorana-seed-output-'));
    try {
      await grid.client.downloadOutput(jobId, out);
      const stdout = await readFile(join(out, 'stdout.txt'), 'utf8');
      expect(stdout).toContain(`job ${jobId} on 1 processors`);
      expect(stdout).toContain('input: inputfile.txt, 6 lines');
      expect(stdout).toMatch(/^\s*3 muon 12\.4 GeV$/m);
      expect(await readFile(join(out, 'stderr.txt'), 'utf8')).toBe('a line for stderr\n');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
    const [attempt] = await grid.pilotsOfJob(jobId);
    expect(attempt?.pilotRef).toMatch(new RegExp(`^slurm://${ce}/\\d+$`));
    return { jobId, pilotRef: attempt!.pilotRef };
  }

  describeGrid('sqlite', (grid, ce) => {
    it('submits pilots with sbatch that run the seed job to Done, with its output sandbox', async () => {
      const { pilotRef } = await runSeedJob(grid(), ce);
      // The pilot is a Slurm job of this CE: sbatch gave it its id, under the CE's job name.
      expect(await slurmJobName(jobIdOf(pilotRef))).toBe(`majorana.${ce}`);
    }, 150_000);

    it('lists its pilots with their slurm:// refs and serves their output from the CE', async () => {
      const [jobId] = (await grid().client.submitJobs(['[ Executable = "/bin/echo"; Arguments = "listed"; ]'])).jobIds;
      await grid().untilStatus(jobId!, ['Done']);
      const [attempt] = await grid().pilotsOfJob(jobId!);
      const pilots = await grid().pilots();
      expect(pilots.length).toBeGreaterThan(0);
      expect(pilots.every((pilot) => pilot.pilotRef.startsWith(`slurm://${ce}/`) && pilot.ce === ce)).toBe(true);
      expect(pilots.map((pilot) => pilot.pilotRef)).toContain(attempt!.pilotRef);
      // Its stdout is Slurm's --output file, read by the CE: the pilot's log of the job it ran.
      const output = await eventually('the pilot output to show the job', async () => {
        const read = await grid().pilotOutput(attempt!.pilotRef);
        return read.stdout.includes(`job-started jobId=${jobId}`) ? read : undefined;
      });
      expect(output.stdout).toContain(`job-finished jobId=${jobId}`);
    }, 150_000);

    it('reschedules the job of a pilot killed by scancel mid-job, and a second pilot finishes it', async () => {
      const [jobId] = (await grid().client.submitJobs(['[ Executable = "/bin/sleep"; Arguments = "15"; JobName = "cancelled"; ]'])).jobIds;
      await grid().untilStatus(jobId!, ['Running']);
      const [first] = await grid().pilotsOfJob(jobId!);
      const slurmJob = jobIdOf(first!.pilotRef);

      await slurmCommand(['scancel', slurmJob]);

      expect(await grid().untilStatus(jobId!, ['Done', 'Failed'], 150_000)).toMatchObject({ Status: 'Done' });
      const attempts = await grid().pilotsOfJob(jobId!);
      expect(attempts.map((attempt) => attempt.attempt)).toEqual([1, 2]);
      expect(attempts[1]!.pilotRef).toMatch(new RegExp(`^slurm://${ce}/\\d+$`));
      expect(attempts[1]!.pilotRef).not.toBe(first!.pilotRef);
      const history = (await grid().get<{ Status: string }[]>(`/api/jobs/${jobId}/logging`)).map((row) => row.Status);
      expect(history).toEqual(expect.arrayContaining(['Running', 'Stalled', 'Rescheduled', 'Done']));
      // The pilot status agent hears from Slurm that the cancelled pilot is gone.
      await eventually(
        'the cancelled pilot to be Aborted',
        async () => ((await grid().pilots()).find((pilot) => pilot.pilotRef === first!.pilotRef)?.status === 'Aborted' ? true : undefined),
        60_000,
      );
    }, 240_000);
  });

  describeGrid('mariadb', (grid, ce) => {
    it('submits pilots with sbatch that run the seed job to Done, with its output sandbox', async () => {
      const { pilotRef } = await runSeedJob(grid(), ce);
      expect(await slurmJobName(jobIdOf(pilotRef))).toBe(`majorana.${ce}`);
      expect((await grid().pilots()).map((pilot) => pilot.pilotRef)).toContain(pilotRef);
    }, 150_000);
  });

  describe('driven over SSH (sbatch on a login node), on sqlite', () => {
    const ce = `slurm-ssh-${randomBytes(3).toString('hex')}`;
    /** On the "login node": the remote user's work directory, created by the CE itself. */
    const workDir = `/tmp/majorana-slurm-over-ssh-${randomBytes(6).toString('hex')}`;
    let sshd: LoopbackSshd | undefined;
    let grid: CeGrid | undefined;
    beforeAll(async () => {
      sshd = await startLoopbackSshd({ sessionEnv: { SLURM_CONF: slurm.confPath } });
      const connection = { host: sshd.host, port: sshd.port, user: sshd.user, keyFile: sshd.keyFile, knownHostsFile: sshd.knownHostsFile };
      // No SLURM_CONF for the agents: only the login node's sessions have it.
      grid = await startCeGrid({
        kind: 'sqlite',
        computingElements: [ceDeclaration({ name: ce, type: 'slurm', workDir, connection, slurm: { partition: slurm.partition } })],
      });
    }, 90_000);
    afterAll(async () => {
      await grid?.close();
      await cancelPilotsOf(ce);
      await sshd?.stop();
      await rm(workDir, { recursive: true, force: true });
    }, 60_000);

    it('submits pilots with sbatch over SSH, as the remote user, that run the seed job to Done', async () => {
      const { pilotRef } = await runSeedJob(grid!, ce);
      const slurmJob = jobIdOf(pilotRef);
      expect(await slurmJobName(slurmJob)).toBe(`majorana.${ce}`);
      // Submitted by the remote account, not by the agents' root.
      expect((await slurmCommand(['squeue', '--noheader', '--states=all', `--jobs=${slurmJob}`, '--format=%u'])).trim()).toBe(sshd!.user);
      const output = await grid!.pilotOutput(pilotRef);
      expect(output.stdout).toMatch(/job-started jobId=\d+/);
    }, 150_000);
  });
});
