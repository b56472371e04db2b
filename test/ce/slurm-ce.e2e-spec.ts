import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CeErrorCode, type CeLogger, LocalCommandRunner, type PilotLaunch, SlurmComputingElement, type SlurmCeOptions } from '@majorana/ce';
import { describeCeConformance, eventually, FAKE_PILOT_SCRIPT, fakePilotLine } from '@majorana/ce/testing';
import { type OneNodeSlurm, oneNodeSlurmUnavailable, startOneNodeSlurm } from '../infra/slurm/one-node-slurm.js';

// The Slurm CE against a real one-node Slurm on localhost (slurmctld + slurmd started for this file).
const unavailable = await oneNodeSlurmUnavailable();
if (unavailable !== null) {
  console.warn(`Skipping the Slurm CE tests: ${unavailable}`);
}
const describeWithSlurm = unavailable === null ? describe : describe.skip;

describeWithSlurm('SlurmComputingElement on a one-node Slurm', () => {
  let slurm: OneNodeSlurm;
  let runner: LocalCommandRunner;

  beforeAll(async () => {
    slurm = await startOneNodeSlurm({ slots: 8 });
    runner = new LocalCommandRunner({ env: { ...clientEnv(), ...slurm.env } });
  }, 60_000);

  afterAll(async () => {
    await runner?.close();
    await slurm?.stop();
  }, 60_000);

  const options = (workDir: string, more: Partial<SlurmCeOptions> = {}): SlurmCeOptions => ({
    name: 'slurm-conformance',
    site: 'Slurm.test',
    workDir,
    partition: slurm.partition,
    maxPilots: 4,
    slotsPerPilot: 1,
    runner,
    ...more,
  });

  describeCeConformance(SlurmComputingElement.name, {
    open: (workDir) => SlurmComputingElement.open(options(workDir)),
    timeoutMs: 30_000,
  });

  describe(`${SlurmComputingElement.name} beyond the conformance suite`, () => {
    let workDir: string;
    const opened: SlurmComputingElement[] = [];
    const warnings: string[] = [];
    const logger: CeLogger = { warn: (message) => warnings.push(message) };

    beforeEach(async () => {
      workDir = await mkdtemp(join(tmpdir(), 'majorana-slurm-ce-'));
      warnings.length = 0;
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((ce) => ce.close()));
      await rm(workDir, { recursive: true, force: true });
    });

    async function open(more: Partial<SlurmCeOptions> = {}): Promise<SlurmComputingElement> {
      const ce = await SlurmComputingElement.open(options(workDir, { logger, ...more }));
      opened.push(ce);
      return ce;
    }

    const launch = (args: string[], env: Record<string, string> = {}, script = FAKE_PILOT_SCRIPT): PilotLaunch => ({
      executable: process.execPath,
      script,
      args: ['--server', 'https://127.0.0.1:1', ...args],
      env,
    });

    async function finalStatus(ce: SlurmComputingElement, ref: string): Promise<string> {
      return eventually(
        `${ref} to finish`,
        async () => {
          const status = (await ce.pilotStatuses([ref])).get(ref)!;
          return ['Done', 'Failed', 'Aborted'].includes(status) ? status : undefined;
        },
        20_000,
      );
    }

    it('answers for the pilots of an earlier instance after a restart, from its index', async () => {
      const first = await open();
      const [pilot] = await first.submitPilots({ count: 1, pilotCommand: launch(['--sleep-ms', '500']) });
      await first.close();

      const second = await open();
      expect(await finalStatus(second, pilot!.pilotRef)).toBe('Done');
      expect(fakePilotLine((await second.pilotOutput(pilot!.pilotRef)).stdout, 'ref')).toBe(pilot!.pilotRef);
    }, 30_000);

    it('reads the exit records of pilots Slurm has forgotten: Done or Failed by their code, Aborted without one', async () => {
      const ref = (id: string) => `slurm://slurm-conformance/${id}`;
      const record = (id: string) => ({ jobId: id, ref: ref(id), submittedAtMs: 1, cancelledAtMs: null, final: null });
      await open().then((ce) => ce.close());
      // Job ids this Slurm never issued stand for jobs purged after MinJobAge.
      await writeFile(
        join(workDir, 'pilots.json'),
        JSON.stringify({ version: 1, ce: 'slurm-conformance', pilots: [record('900001'), record('900002'), record('900003')] }),
      );
      await writeFile(join(workDir, 'pilots', '900001.exit'), '0\n');
      await writeFile(join(workDir, 'pilots', '900002.exit'), '3\n');

      const ce = await open();
      const statuses = await ce.pilotStatuses([ref('900001'), ref('900002'), ref('900003')]);
      expect([...statuses.values()]).toEqual(['Done', 'Failed', 'Aborted']);
      const saved = JSON.parse(await readFile(join(workDir, 'pilots.json'), 'utf8')) as { pilots: { final: { status: string } }[] };
      expect(saved.pilots.map((p) => p.final.status)).toEqual(['Done', 'Failed', 'Aborted']);
    });

    it('reports Unknown, and changes nothing, while squeue cannot reach Slurm', async () => {
      const ce = await open();
      const [pilot] = await ce.submitPilots({ count: 1, pilotCommand: launch(['--sleep-ms', '60000']) });
      // The same cluster with its controller on a port nobody listens on: squeue retries for ~10 s, and
      // the short command timeout stops it as it would stop one waiting on a hung controller.
      const deadConf = join(workDir, 'dead-slurm.conf');
      await writeFile(deadConf, (await readFile(slurm.confPath, 'utf8')).replace(/^SlurmctldPort=\d+$/m, 'SlurmctldPort=1'));
      const lostRunner = new LocalCommandRunner({ env: { ...clientEnv(), SLURM_CONF: deadConf } });
      await ce.close();

      const blind = await open({ runner: lostRunner, commandTimeoutMs: 2_000 });
      expect((await blind.pilotStatuses([pilot!.pilotRef])).get(pilot!.pilotRef)).toBe('Unknown');
      expect(warnings.join('\n')).toMatch(/squeue failed/);
      await blind.close();

      const seeing = await open();
      expect(['Waiting', 'Running']).toContain((await seeing.pilotStatuses([pilot!.pilotRef])).get(pilot!.pilotRef));
      await seeing.cancelPilots([pilot!.pilotRef]);
      expect(await finalStatus(seeing, pilot!.pilotRef)).toBe('Aborted');
    }, 60_000);

    it('ships the pilot script into the work directory once and runs the copy', async () => {
      const ce = await open({ shipPilotScript: true });
      const pilots = await ce.submitPilots({ count: 2, pilotCommand: launch([]) });
      const shipped = (await readdir(workDir)).filter((name) => /^pilot-[0-9a-f]{16}\.js$/.test(name));
      expect(shipped).toHaveLength(1);
      for (const pilot of pilots) {
        expect(await finalStatus(ce, pilot.pilotRef)).toBe('Done');
      }
      const { stdout } = await ce.pilotOutput(pilots[0]!.pilotRef);
      expect(fakePilotLine(stdout, 'ref')).toBe(pilots[0]!.pilotRef);
      expect(await readFile(join(workDir, shipped[0]!), 'utf8')).toBe(await readFile(FAKE_PILOT_SCRIPT, 'utf8'));
    }, 30_000);

    it("keeps the agents' environment out of the pilot, apart from the inherited variables", async () => {
      const leaky = new LocalCommandRunner({ env: { ...clientEnv(), ...slurm.env, MAJORANA_DB_PASSWORD: 'secret', LANG: 'C.UTF-8' } });
      const ce = await open({ runner: leaky });
      const [secret] = await ce.submitPilots({ count: 1, pilotCommand: launch(['--print-env', 'MAJORANA_DB_PASSWORD']) });
      const [lang] = await ce.submitPilots({ count: 1, pilotCommand: launch(['--print-env', 'LANG']) });
      await finalStatus(ce, secret!.pilotRef);
      await finalStatus(ce, lang!.pilotRef);
      expect(fakePilotLine((await ce.pilotOutput(secret!.pilotRef)).stdout, 'env')).toBe('MAJORANA_DB_PASSWORD unset');
      expect(fakePilotLine((await ce.pilotOutput(lang!.pilotRef)).stdout, 'env')).toBe('LANG=C.UTF-8');
    }, 30_000);

    it('refuses a submission sbatch rejects with submit-failed, recording nothing', async () => {
      const ce = await open({ partition: 'no-such-partition' });
      await expect(ce.submitPilots({ count: 1, pilotCommand: launch([]) })).rejects.toMatchObject({ code: CeErrorCode.SubmitFailed });
      expect((await readdir(join(workDir, 'pilots'))).length).toBe(0);
      expect(ce.capacity().maxPilots).toBe(4);
      await expect(ce.submitPilots({ count: 4, pilotCommand: launch([]) })).rejects.toMatchObject({ code: CeErrorCode.SubmitFailed });
    });
  });
});

/** What the Slurm clients need from this process's environment (PATH to find them), and nothing else. */
function clientEnv(): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
}
