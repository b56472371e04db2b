import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MajoranaClient } from '@majorana/client';
import { describeOnEachDatabase, type TestServer } from '../server/support/test-server.js';
import { eventually, startPilot, type PilotProcess } from './support/pilot-process.js';

const run = promisify(execFile);
const SEED_DIR = fileURLToPath(new URL('../fixtures/jobs/seed/', import.meta.url));
const SEED_JDL = fileURLToPath(new URL('../fixtures/jobs/seed.jdl', import.meta.url));
const PROCESS_TREE = fileURLToPath(new URL('../fixtures/jobs/process-tree.sh', import.meta.url));

interface JobView {
  readonly Status: string;
  readonly MinorStatus: string;
  readonly ApplicationStatus: string;
}

const jobOf = async (server: TestServer, jobId: number): Promise<JobView> => (await server.api<JobView>('GET', `/api/jobs/${jobId}`)).body;

function untilStatus(server: TestServer, jobId: number, statuses: readonly string[], timeoutMs = 60_000): Promise<JobView> {
  return eventually(
    `job ${jobId} to be ${statuses.join(' or ')}`,
    async () => {
      const job = await jobOf(server, jobId);
      return statuses.includes(job.Status) ? job : undefined;
    },
    timeoutMs,
  );
}

/** Alive and not a zombie (an exited process init has not reaped yet is gone for our purpose). */
function isAlive(pid: number): boolean {
  try {
    return !/\)\s+Z\s/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('jobs run end to end on real pilots', () => {
  // Heartbeats every 2 s so that peek has something to show quickly.
  describeOnEachDatabase({ env: { MAJORANA_HEARTBEAT_S: '2' } }, (server) => {
    const pilots: PilotProcess[] = [];
    let pilotToken: string;
    let client: MajoranaClient;
    let scratch: string;
    beforeAll(async () => {
      pilotToken = (await server().newUser(['pilot'], 'pilot')).token;
      client = new MajoranaClient({ url: server().url, token: server().adminToken });
      scratch = await mkdtemp(join(tmpdir(), 'majorana-lifecycle-'));
    });
    afterAll(async () => {
      await Promise.all(pilots.map((pilot) => pilot.stop()));
      await rm(scratch, { recursive: true, force: true });
    });

    async function pilot(options: { slots?: number; extraArgs?: string[]; ce?: string } = {}): Promise<PilotProcess> {
      const started = await startPilot({ serverUrl: server().url, token: pilotToken, idleTimeoutS: 20, ...options });
      pilots.push(started);
      return started;
    }

    it('runs the seed job (runstuff.sh inputfile.txt on 4 processors) and returns its output byte for byte', async () => {
      const uploaded = await client.uploadFiles(SEED_DIR, ['runstuff.sh', 'inputfile.txt']);
      const jdl = (await readFile(SEED_JDL, 'utf8')).replace('InputSandbox={', `InputSandbox={"${uploaded.ref}",`);
      const [jobId] = await server().submit(jdl);
      await pilot({ slots: 4 });

      expect(await untilStatus(server(), jobId!, ['Done', 'Failed'])).toMatchObject({ Status: 'Done' });

      // The same script run here, with the variables the job wrapper sets, gives the expected bytes.
      const expected = await run('/bin/sh', [join(SEED_DIR, 'runstuff.sh'), 'inputfile.txt'], {
        cwd: SEED_DIR,
        env: { ...process.env, MAJORANA_JOB_ID: String(jobId), MAJORANA_PROCESSORS: '4' },
      });
      const files = await client.listOutputFiles(jobId!);
      expect(files.map((file) => file.path).sort()).toEqual(['stderr.txt', 'stdout.txt']);
      expect((await buffer(await client.downloadOutputFile(jobId!, 'stdout.txt'))).toString()).toBe(expected.stdout);
      expect((await buffer(await client.downloadOutputFile(jobId!, 'stderr.txt'))).toString()).toBe('a line for stderr\n');
      const archive = join(scratch, `job-${jobId}.tar.gz`);
      await client.downloadOutputSandbox(jobId!, archive);
      const listing = await run('tar', ['-tzf', archive]);
      expect(listing.stdout.split('\n').filter(Boolean).sort()).toEqual(['stderr.txt', 'stdout.txt']);
    }, 120_000);

    it('runs a parametric job of 100 and a 4-processor job beside single-core ones on one 4-slot pilot', async () => {
      const sweep = await server().submit(
        '[ Executable = "/bin/echo"; Arguments = "event %n"; Parameters = 100; ParameterStart = 1; ParameterStep = 1; ]',
      );
      const [multi] = await server().submit(
        '[ Executable = "/bin/sh"; Arguments = "-c \'echo $MAJORANA_PROCESSORS; sleep 1\'"; NumberOfProcessors = 4; OutputSandbox = { "std.out" }; ]',
      );
      await pilot({ slots: 4 });

      for (const jobId of [...sweep, multi!]) {
        expect(await untilStatus(server(), jobId, ['Done', 'Failed'], 120_000)).toMatchObject({ Status: 'Done' });
      }
      expect((await buffer(await client.downloadOutputFile(multi!, 'std.out'))).toString()).toBe('4\n');
      expect((await buffer(await client.downloadOutputFile(sweep[41]!, 'std.out'))).toString()).toBe('event 41\n'); // %n counts from 0, as in DIRAC
    }, 180_000);

    it('kills a running job on request: the whole process tree is gone within 2 s and the job stays Killed', async () => {
      const pids = join(scratch, `pids-${Date.now()}`);
      const [jobId] = await server().submit(`[ Executable = "/bin/sh"; Arguments = "${PROCESS_TREE} ${pids}"; ]`);
      await pilot();
      await untilStatus(server(), jobId!, ['Running']);
      const running = await eventually('the payload to write its pids', async () => {
        const text = await readFile(pids, 'utf8').catch(() => '');
        const found = text.split('\n').filter(Boolean).map(Number);
        return found.length === 3 ? found : undefined;
      });
      expect(running.every(isAlive)).toBe(true);

      const killed = await server().api<{ results: { result: string }[] }>('POST', '/api/jobs/kill', { jobIds: [jobId] });
      expect(killed.body.results[0]?.result).toBe('done');
      const since = Date.now();

      await eventually('the process tree to be gone', () => Promise.resolve(running.some(isAlive) ? undefined : true), 5_000);
      expect(Date.now() - since).toBeLessThan(2_000);
      await new Promise((resolve) => setTimeout(resolve, 500)); // the pilot's late report, if any, arrives
      expect(await jobOf(server(), jobId!)).toMatchObject({ Status: 'Killed' });
    }, 120_000);

    it('fails a job that uses more CPU than its CPUTime allows, saying so', async () => {
      // CPUTime 100 HS06·s on a node of 100 HS06 per core: 1 s of CPU, 1.2 s with the margin.
      const [jobId] = await server().submit(
        '[ Executable = "/bin/sh"; Arguments = "-c \'while :; do :; done\'"; CPUTime = 100; GridCE = "ce.fast.test"; ]',
      );
      await pilot({ extraArgs: ['--cpu-normalization', '100'], ce: 'ce.fast.test' });

      const job = await untilStatus(server(), jobId!, ['Done', 'Failed'], 90_000);

      expect(job).toMatchObject({ Status: 'Failed', MinorStatus: 'Exceeded CPU time limit' });
    }, 120_000);

    it('shows the stdout tail of a running job through peek', async () => {
      const [jobId] = await server().submit('[ Executable = "/bin/sh"; Arguments = "-c \'echo hello from the worker; sleep 30\'"; ]');
      await pilot();
      await untilStatus(server(), jobId!, ['Running']);

      const peek = await eventually(
        'a heartbeat with the tail',
        async () => {
          const response = await server().api<{ stdoutTail: string }>('GET', `/api/jobs/${jobId}/peek`);
          return response.status === 200 && response.body.stdoutTail.includes('hello from the worker') ? response.body : undefined;
        },
        60_000,
      );
      expect(peek.stdoutTail).toContain('hello from the worker');
      await server().api('POST', '/api/jobs/kill', { jobIds: [jobId] });
    }, 120_000);
  });
});
