import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../pilots/support/pilot-process.js';
import { type LoopbackSshd, startLoopbackSshd } from '../infra/sshd/loopback-sshd.js';
import { DATABASE_KINDS } from '../server/support/test-server.js';
import { ceDeclaration, type CeGrid, SEED_JOB_DIR, startCeGrid } from './support-ce-grid.js';

/**
 * Real pilots started over SSH on a real sshd (a loopback port, a throw-away key and an unprivileged
 * user, started for this file and stopped by PID): a server with its agents whose config file declares
 * an SSH CE, jobs submitted through the REST API. The agents ship the pilot bundle to the "remote"
 * work directory and start pilots there as that user; the pilots connect back to the server.
 */
let sshd: LoopbackSshd;

/**
 * Stops the pilots an SSH CE started under `remoteWorkDir` (this machine is the remote host): each
 * pilot directory holds the pilot's `pid`, a session leader (setsid), so its whole group is signalled.
 */
async function stopRemotePilots(remoteWorkDir: string): Promise<void> {
  const entries = await readdir(remoteWorkDir, { withFileTypes: true }).catch(() => []);
  const pids: number[] = [];
  for (const entry of entries.filter((one) => one.isDirectory())) {
    const pid = Number((await readFile(join(remoteWorkDir, entry.name, 'pid'), 'utf8').catch(() => '')).trim());
    if (Number.isSafeInteger(pid) && pid > 1) {
      pids.push(pid);
    }
  }
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (pid: number, name: NodeJS.Signals): void => {
    try {
      process.kill(-pid, name);
    } catch {
      // Already gone.
    }
  };
  pids.filter(alive).forEach((pid) => signal(pid, 'SIGTERM'));
  await eventually('the SSH pilots to stop', () => Promise.resolve(pids.some(alive) ? undefined : true), 10_000).catch(() =>
    pids.filter(alive).forEach((pid) => signal(pid, 'SIGKILL')),
  );
}

beforeAll(async () => {
  sshd = await startLoopbackSshd();
}, 30_000);

afterAll(async () => {
  await sshd?.stop();
});

describe.each(DATABASE_KINDS)('real pilots on an SSH CE, on %s', (kind) => {
  const ce = `ssh-${kind}-${randomBytes(3).toString('hex')}`;
  /** On the remote host (this machine, as the sshd's user): made by the CE, deleted at the end. */
  const workDir = `/tmp/majorana-ssh-pilots-${randomBytes(6).toString('hex')}`;
  let grid: CeGrid | undefined;

  beforeAll(async () => {
    const connection = { host: sshd.host, port: sshd.port, user: sshd.user, keyFile: sshd.keyFile, knownHostsFile: sshd.knownHostsFile };
    grid = await startCeGrid({
      kind,
      computingElements: [ceDeclaration({ name: ce, type: 'ssh', batchSystem: 'none', workDir, connection })],
    });
  }, 90_000);

  afterAll(async () => {
    // Server first, so no site director sends another pilot; SSH pilots are not its children and
    // outlive it (as on a real host), so the test stops the ones it caused by their PIDs.
    await grid?.close();
    await stopRemotePilots(workDir);
    await rm(workDir, { recursive: true, force: true });
  }, 60_000);

  it('starts pilots over SSH that run the seed job to Done, with its output sandbox', async () => {
    const { jobIds } = await grid!.client.submitFile(join(SEED_JOB_DIR, 'Job.jdl'), { baseDir: SEED_JOB_DIR });
    const jobId = jobIds[0]!;

    expect(await grid!.untilStatus(jobId, ['Done', 'Failed'])).toMatchObject({
      Status: 'Done',
      ApplicationStatus: 'Application exited with status 0',
    });
    const out = await mkdtemp(join(tmpdir(), 'majorana-seed-output-'));
    try {
      await grid!.client.downloadOutput(jobId, out);
      const stdout = await readFile(join(out, 'stdout.txt'), 'utf8');
      expect(stdout).toContain(`job ${jobId} on 1 processors`);
      expect(stdout).toContain('input: inputfile.txt, 6 lines');
      expect(stdout).toMatch(/^\s*3 muon 12\.4 GeV$/m);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
    const [attempt] = await grid!.pilotsOfJob(jobId);
    expect(attempt?.pilotRef).toMatch(new RegExp(`^ssh://${ce}/`));
  }, 150_000);

  it('lists its pilots with their ssh:// refs and serves their output from the remote host', async () => {
    const [jobId] = (
      await grid!.client.submitJobs([
        '[ Executable = "/usr/bin/id"; Arguments = "-un"; StdOutput = "id.txt"; OutputSandbox = { "id.txt" }; ]',
      ])
    ).jobIds;
    await grid!.untilStatus(jobId!, ['Done']);
    const [attempt] = await grid!.pilotsOfJob(jobId!);
    const pilots = await grid!.pilots();
    expect(pilots.length).toBeGreaterThan(0);
    expect(pilots.every((pilot) => pilot.pilotRef.startsWith(`ssh://${ce}/`) && pilot.ce === ce)).toBe(true);
    expect(pilots.map((pilot) => pilot.pilotRef)).toContain(attempt!.pilotRef);
    const output = await eventually('the pilot output to show the job', async () => {
      const read = await grid!.pilotOutput(attempt!.pilotRef);
      return read.stdout.includes(`job-finished jobId=${jobId}`) ? read : undefined;
    });
    expect(output.stdout).toContain(`job-started jobId=${jobId}`);
    // The job ran as the SSH CE's remote user, not as the agents' own account.
    const out = await mkdtemp(join(tmpdir(), 'majorana-id-output-'));
    try {
      await grid!.client.downloadOutput(jobId!, out);
      expect((await readFile(join(out, 'id.txt'), 'utf8')).trim()).toBe(sshd.user);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 150_000);
});
