import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { extractSandbox, packSandbox } from '@majorana/sandbox';
import { systemClock } from './clock.js';
import { silentLogger } from './execution-logger.js';
import { HttpSandboxTransfer } from './http-sandbox-transfer.js';
import { type JobAssignment } from './job-assignment.js';
import { JobWrapper } from './job-wrapper.js';
import { type RunningJob } from './running-job.js';
import { SpawnProcessLauncher } from './spawn-process-launcher.js';
import { jobAssignment } from './testing/job-assignments.js';
import { isGone, waitFor } from './testing/process-probe.js';
import { SandboxHttpServer } from './testing/sandbox-http-server.js';

const TOKEN = 'job-token';

describe(JobWrapper.name, () => {
  let root: string;
  let workRoot: string;
  let server: SandboxHttpServer;
  const running: RunningJob[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'majorana-job-wrapper-'));
    workRoot = join(root, 'work');
    await mkdir(workRoot);
    server = new SandboxHttpServer(TOKEN);
    await server.start();
  });

  afterEach(async () => {
    // A failed test must not leave payloads behind.
    for (const job of running.splice(0)) {
      job.kill('test cleanup');
      await job.done;
    }
  });

  afterAll(async () => {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  });

  function sut(): JobWrapper {
    return new JobWrapper({
      workRoot,
      sandboxes: new HttpSandboxTransfer(),
      processes: new SpawnProcessLauncher(),
      clock: systemClock,
      logger: silentLogger,
      sampleIntervalMs: 100,
      killGraceMs: 1000,
    });
  }

  function start(assignment: JobAssignment): RunningJob {
    const job = sut().start(assignment);
    running.push(job);
    return job;
  }

  /** A script file outside any working directory, as a node-installed program would be. */
  async function script(name: string, text: string): Promise<string> {
    const path = join(root, name);
    await writeFile(path, text, { mode: 0o755 });
    return path;
  }

  async function uploadedFiles(path: string): Promise<string> {
    const upload = server.uploads.find((candidate) => candidate.path === path);
    if (!upload) {
      throw new Error(`nothing uploaded to ${path}`);
    }
    const target = await mkdtemp(join(root, 'received-'));
    await extractSandbox({ source: Readable.from([upload.body]), target });
    return target;
  }

  it('reports Done with "Execution Complete" for a payload exiting 0, uploads nothing and removes its working directory', async () => {
    const job = start(jobAssignment({ executable: '/bin/true' }));

    const outcome = await job.done;

    expect(outcome).toEqual({
      status: 'Done',
      minorStatus: 'Execution Complete',
      applicationStatus: 'Application exited with status 0',
      exitCode: 0,
      outputSandbox: null,
      cpuTimeS: expect.any(Number),
      wallTimeS: expect.any(Number),
    });
    await expect(job.started).resolves.toBeUndefined();
    expect(await readdir(workRoot)).toEqual([]);
  });

  it('reports Failed "Application exited with status 3" for a payload exiting 3', async () => {
    const outcome = await start(jobAssignment({ executable: '/bin/sh', arguments: '-c "exit 3"' })).done;

    expect(outcome).toMatchObject({
      status: 'Failed',
      minorStatus: 'Application exited with status 3',
      applicationStatus: 'Application exited with status 3',
      exitCode: 3,
    });
  });

  it('runs a bare command found on PATH with its arguments', async () => {
    const outcome = await start(
      jobAssignment(
        { executable: 'echo', arguments: "hello 'big world'", outputSandbox: [] },
        { outputSandboxUrl: server.url('/out/echo') },
      ),
    ).done;

    expect(outcome.status).toBe('Done');
    expect(readFileSync(join(await uploadedFiles('/out/echo'), 'std.out'), 'utf8')).toBe('hello big world\n');
  });

  describe('the seed job (runstuff.sh and inputfile.txt in an input sandbox)', () => {
    const RUNSTUFF = [
      '#!/bin/sh',
      'echo "processing $1 for job $DIRACJOBID"',
      'cat "$1"',
      'echo "a warning" >&2',
      'wc -l < "$1" > counts.txt',
      '',
    ].join('\n');
    const INPUT = 'line one\nline two\n\u00e9t\u00e9 \u2603\n';
    let sandboxPath: string;

    beforeAll(async () => {
      const source = await mkdtemp(join(root, 'seed-'));
      // Not executable, as sandboxes made on other systems often are: the wrapper must make it runnable.
      await writeFile(join(source, 'runstuff.sh'), RUNSTUFF, { mode: 0o644 });
      await writeFile(join(source, 'inputfile.txt'), INPUT);
      const archive = join(root, 'seed-input.tar.gz');
      const packed = await packSandbox({ cwd: source, files: ['runstuff.sh', 'inputfile.txt'], output: archive, maxBytes: 1 << 20 });
      sandboxPath = `/sandboxes/${packed.sha256}`;
      server.routes.set(sandboxPath, { body: await readFile(archive) });
    });

    it.each([
      ['Executable = "runstuff.sh inputfile.txt"', { executable: 'runstuff.sh inputfile.txt', arguments: '' }],
      ['Executable = "runstuff.sh"; Arguments = "inputfile.txt"', { executable: 'runstuff.sh', arguments: 'inputfile.txt' }],
    ])('runs with %s and returns its outputs byte for byte', async (_title, command) => {
      const outputPath = `/out/seed-${command.arguments === '' ? 'line' : 'args'}`;
      const assignment = jobAssignment(
        { ...command, stdOutput: 'stdout.txt', stdError: 'stderr.txt', outputSandbox: ['stdout.txt', 'stderr.txt', 'counts.txt'] },
        { inputSandboxUrl: server.url(sandboxPath), outputSandboxUrl: server.url(outputPath), jobToken: TOKEN },
      );

      const outcome = await start(assignment).done;

      expect(outcome).toMatchObject({ status: 'Done', minorStatus: 'Execution Complete', exitCode: 0 });
      const upload = server.uploads.find((candidate) => candidate.path === outputPath);
      expect(upload?.method).toBe('PUT');
      expect(upload?.headers['x-majorana-sha256']).toBe(upload?.sha256);
      expect(outcome.outputSandbox).toEqual({ sha256: upload?.sha256, bytes: upload?.body.length });
      const received = await uploadedFiles(outputPath);
      expect(readFileSync(join(received, 'stdout.txt'))).toEqual(
        Buffer.from(`processing inputfile.txt for job ${assignment.jobId}\n${INPUT}`, 'utf8'),
      );
      expect(readFileSync(join(received, 'stderr.txt'), 'utf8')).toBe('a warning\n');
      expect(readFileSync(join(received, 'counts.txt'), 'utf8')).toBe('3\n');
      expect((await readdir(received)).sort()).toEqual(['counts.txt', 'stderr.txt', 'stdout.txt']);
    });
  });

  it('gives the payload the job identity, its processors and the ExecutionEnvironment', async () => {
    const assignment = jobAssignment(
      {
        executable: '/bin/sh',
        arguments: `-c 'echo "$MAJORANA_JOB_ID $DIRACJOBID $JOBID $MAJORANA_ATTEMPT $MAJORANA_PROCESSORS $OMP_NUM_THREADS $CALIBRATION"'`,
        processors: 4,
        environment: { CALIBRATION: 'v2 final' },
      },
      { attempt: 2, outputSandboxUrl: server.url('/out/env'), jobToken: TOKEN },
    );

    await start(assignment).done;

    const id = assignment.jobId;
    expect(readFileSync(join(await uploadedFiles('/out/env'), 'std.out'), 'utf8')).toBe(`${id} ${id} ${id} 2 4 4 v2 final\n`);
  });

  it('fails with a minor status naming the problem when the executable does not exist', async () => {
    const job = start(jobAssignment({ executable: 'no-such-program-xyz', arguments: '--help' }));

    const outcome = await job.done;

    expect(outcome).toMatchObject({ status: 'Failed', minorStatus: 'Executable not found', exitCode: null, outputSandbox: null });
    expect(outcome.applicationStatus).toContain('no-such-program-xyz');
    await expect(job.started).rejects.toMatchObject({ code: 'not-started' });
  });

  it('fails with "Input sandbox download failed" when the server has no such sandbox', async () => {
    const outcome = await start(jobAssignment({}, { inputSandboxUrl: server.url('/sandboxes/missing'), jobToken: TOKEN })).done;

    expect(outcome).toMatchObject({ status: 'Failed', minorStatus: 'Input sandbox download failed', exitCode: null });
    expect(outcome.applicationStatus).toContain('404');
  });

  it('fails a job that exited 0 with "Output sandbox upload failed" when the upload is refused', async () => {
    server.routes.set('/out/refused', { status: 507, text: 'sandbox store full' });

    const outcome = await start(
      jobAssignment({ executable: 'echo', arguments: 'result' }, { outputSandboxUrl: server.url('/out/refused'), jobToken: TOKEN }),
    ).done;

    expect(outcome).toMatchObject({
      status: 'Failed',
      minorStatus: 'Output sandbox upload failed',
      applicationStatus: 'Application exited with status 0',
      exitCode: 0,
      outputSandbox: null,
    });
  });

  it('refuses a StdOutput outside the working directory without running anything', async () => {
    const outcome = await start(jobAssignment({ executable: '/bin/true', stdOutput: '../escaped.txt' })).done;

    expect(outcome).toMatchObject({ status: 'Failed', minorStatus: 'Invalid job description', exitCode: null });
    expect(outcome.applicationStatus).toContain('../escaped.txt');
    expect(await readdir(workRoot)).not.toContain('escaped.txt');
  });

  it('abandons a hanging output upload when killed after the payload ended', async () => {
    server.routes.set('/out/hanging', { status: 201, text: '', delayMs: 10_000 });
    const job = start(
      jobAssignment({ executable: 'echo', arguments: 'done' }, { outputSandboxUrl: server.url('/out/hanging'), jobToken: TOKEN }),
    );
    await waitFor(() => server.requests.includes('PUT /out/hanging'), 5000, 'the upload to begin');

    job.kill('Killed by user');

    expect(await job.done).toMatchObject({ status: 'Failed', minorStatus: 'Output sandbox upload failed', exitCode: 0 });
  });

  it('shows the last 50 lines of stdout in its usage while it runs', async () => {
    const job = start(jobAssignment({ executable: '/bin/sh', arguments: `-c 'seq 1 100; exec sleep 30'` }));
    await job.started;

    await waitFor(() => job.usage().stdoutTail.endsWith('100\n'), 5000, 'the tail to reach line 100');

    const lines = job.usage().stdoutTail.trimEnd().split('\n');
    expect(lines).toHaveLength(50);
    expect(lines[0]).toBe('51');
    expect(job.usage().wallTimeS).toBeGreaterThan(0);
  });

  it('kills a job over its CPU time limit with "Exceeded CPU time limit"', async () => {
    const outcome = await start(jobAssignment({ executable: '/bin/sh', arguments: '-c "while :; do :; done"' }, { cpuTimeLimitS: 1 })).done;

    expect(outcome).toMatchObject({ status: 'Failed', minorStatus: 'Exceeded CPU time limit', exitCode: null });
    expect(outcome.applicationStatus).toBe('Application killed by signal SIGTERM');
    expect(outcome.cpuTimeS).toBeGreaterThan(1);
  }, 20_000);

  it('kills a job over its memory limit with "Exceeded memory limit"', async () => {
    const allocate = 'globalThis.keep = Buffer.alloc(300 * 1024 * 1024, 1); setInterval(() => {}, 1000)';

    const outcome = await start(jobAssignment({ executable: process.execPath, arguments: `-e "${allocate}"`, maxRamMiB: 150 })).done;

    expect(outcome).toMatchObject({ status: 'Failed', minorStatus: 'Exceeded memory limit' });
  }, 20_000);

  it('kills a job over its wall-clock limit with "Exceeded wall-clock time limit"', async () => {
    const started = Date.now();

    const outcome = await start(jobAssignment({ executable: '/bin/sleep', arguments: '30' }, { wallTimeLimitS: 1 })).done;

    expect(outcome).toMatchObject({ status: 'Failed', minorStatus: 'Exceeded wall-clock time limit' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(outcome.wallTimeS).toBeGreaterThanOrEqual(1);
  }, 20_000);

  it('kills the whole tree within 2 s, a child ignoring SIGTERM and a grandchild that left with setsid included', async () => {
    const markers = await mkdtemp(join(root, 'markers-'));
    const grandchild = await script('grandchild.sh', `#!/bin/sh\ntrap '' TERM\necho $$ > "$1/grandchild.pid"\nexec sleep 60\n`);
    const child = await script('child.sh', `#!/bin/sh\ntrap '' TERM\nsetsid ${grandchild} "$1" &\necho $$ > "$1/child.pid"\nwait\n`);
    const leader = await script('leader.sh', `#!/bin/sh\n${child} "$1" &\necho $$ > "$1/leader.pid"\nwait\n`);
    const job = start(jobAssignment({ executable: leader, arguments: markers }));
    const pidOf = (name: string): number => Number(readFileSync(join(markers, `${name}.pid`), 'utf8'));
    await waitFor(async () => (await readdir(markers)).length === 3, 5000, 'the three processes to start');
    const pids = ['leader', 'child', 'grandchild'].map(pidOf);
    // The grandchild really left the job's process group: a group kill alone would miss it.
    expect(processGroupOf(pids[2] as number)).not.toBe(pids[0]);

    const killedAt = Date.now();
    job.kill('Killed by user');
    await waitFor(() => pids.every(isGone), 2000, 'every process of the tree to be gone');

    expect(Date.now() - killedAt).toBeLessThan(2000);
    const outcome = await job.done;
    expect(outcome).toMatchObject({
      status: 'Failed',
      minorStatus: 'Killed by user',
      applicationStatus: 'Application killed by signal SIGTERM',
    });
  }, 20_000);

  it('reports the reason given to kill() as the minor status', async () => {
    const job = start(jobAssignment({ executable: '/bin/sleep', arguments: '30' }));
    await job.started;

    job.kill('Killed by alice: wrong input');

    expect(await job.done).toMatchObject({ status: 'Failed', minorStatus: 'Killed by alice: wrong input' });
  });

  it('stops a job killed while its input sandbox downloads, without starting it', async () => {
    server.routes.set('/sandboxes/slow', { body: Buffer.alloc(0), delayMs: 5000 });
    const job = start(jobAssignment({}, { inputSandboxUrl: server.url('/sandboxes/slow'), jobToken: TOKEN }));
    await waitFor(() => server.requests.includes('GET /sandboxes/slow'), 5000, 'the download to begin');

    job.kill('');

    expect(await job.done).toMatchObject({ status: 'Failed', minorStatus: 'Killed by user', exitCode: null });
    await expect(job.started).rejects.toMatchObject({ code: 'not-started' });
  });
});

function processGroupOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}
