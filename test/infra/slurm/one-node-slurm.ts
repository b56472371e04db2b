/**
 * A real one-node Slurm on localhost for tests: slurmctld and slurmd with their configuration,
 * state, spool, logs and PID files in a fresh temporary folder, on two free ports of their own. Each
 * test file starts its own and stops it (by PID) in afterAll, so test files running in parallel never
 * share a controller or a job list. The Slurm clients reach it through `SLURM_CONF=<folder>/slurm.conf`
 * (the `env` it returns); /etc/slurm is never touched.
 *
 * munge is the one shared piece: Slurm authenticates with the machine's munged. It is started when
 * not running (and then left running for the next test file, like any system daemon).
 *
 * Settings (see INFRA-NOTES.md): `batch_sched_delay=0` so jobs start at once, `config_overrides` so
 * the node advertises `slots` CPUs whatever the machine has, MaxJobCount/MaxArraySize raised for the
 * benchmarks, `MinJobAge` so squeue still lists finished jobs for a while (accounting is off: no
 * sacct), and `KillWait` (default 0 here) between a cancel's SIGTERM and SIGKILL.
 *
 * `proctrack/pgid`, not the `linuxproc` of INFRA-NOTES: linuxproc finds a job's processes by walking
 * the process tree, so a grandchild that ignores SIGTERM is reparented to init when its parent dies
 * of the SIGTERM, and the SIGKILL that follows no longer finds it (seen here: the conformance suite's
 * stubborn child outlived scancel). pgid signals the job's process group, which that child stays in.
 * Real sites use `proctrack/cgroup`, which catches everything; it needs a cgroup hierarchy this
 * container does not delegate.
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { access, chmod, constants, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** What must be installed (Debian: slurmctld slurmd slurm-client munge). */
const REQUIRED_PROGRAMS = [
  '/usr/sbin/slurmctld',
  '/usr/sbin/slurmd',
  '/usr/sbin/munged',
  '/usr/bin/sbatch',
  '/usr/bin/squeue',
  '/usr/bin/scancel',
  '/usr/bin/scontrol',
  '/usr/bin/sinfo',
  '/usr/bin/munge',
  '/usr/bin/unmunge',
];

export interface OneNodeSlurmOptions {
  /** CPUs the node advertises: how many one-slot jobs run at once. @default 8 */
  readonly slots?: number;
  /** Seconds between a cancel's SIGTERM and SIGKILL. @default 0 (tests want cancels to be quick) */
  readonly killWaitSeconds?: number;
  /** How long Slurm keeps listing a finished job, in seconds. @default 600 */
  readonly minJobAgeSeconds?: number;
}

export interface OneNodeSlurm {
  /** The variables the Slurm clients need (SLURM_CONF): add them to the environment of sbatch & co. */
  readonly env: Readonly<Record<string, string>>;
  readonly confPath: string;
  /** The temporary folder with the configuration, state, spool and logs. */
  readonly dir: string;
  readonly clusterName: string;
  readonly partition: string;
  readonly slots: number;
  /** Cancels every job, stops slurmd and slurmctld by PID, deletes the folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** Why this machine cannot run a one-node Slurm (the programs missing), or null when it can. */
export async function oneNodeSlurmUnavailable(): Promise<string | null> {
  const missing: string[] = [];
  for (const program of REQUIRED_PROGRAMS) {
    try {
      await access(program, constants.X_OK);
    } catch {
      missing.push(program);
    }
  }
  if (process.getuid?.() !== 0) {
    return 'the one-node Slurm runs its daemons as root; run the tests as root';
  }
  return missing.length === 0
    ? null
    : `missing ${missing.join(', ')}: apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge`;
}

export async function startOneNodeSlurm(options: OneNodeSlurmOptions = {}): Promise<OneNodeSlurm> {
  const slots = options.slots ?? 8;
  await ensureMunge();
  const dir = await mkdtemp(join(tmpdir(), 'majorana-slurm-'));
  // Jobs run as root here, but the folder is also where a test's pilots write: keep it traversable.
  await chmod(dir, 0o755);
  const clusterName = `mj${Math.random().toString(36).slice(2, 10)}`;
  const [ctldPort, slurmdPort] = await freePorts(2);
  const confPath = join(dir, 'slurm.conf');
  await mkdir(join(dir, 'state'));
  await mkdir(join(dir, 'spool'));
  await writeFile(
    confPath,
    slurmConf({
      dir,
      clusterName,
      ctldPort: ctldPort!,
      slurmdPort: slurmdPort!,
      slots,
      killWaitSeconds: options.killWaitSeconds ?? 0,
      minJobAgeSeconds: options.minJobAgeSeconds ?? 600,
    }),
  );
  const env = { SLURM_CONF: confPath };
  const daemons: number[] = [];
  const slurm: OneNodeSlurm = {
    env,
    confPath,
    dir,
    clusterName,
    partition: 'majorana',
    slots,
    stop: onceOnly(() => stopSlurm(env, dir, daemons)),
  };
  try {
    daemons.push(await startDaemon('/usr/sbin/slurmctld', ['-D', '-f', confPath], join(dir, 'slurmctld.stderr'), env));
    await waitFor('slurmctld to answer scontrol ping', 20_000, async () => {
      const { stdout } = await client(env, ['scontrol', 'ping']);
      return /is UP/.test(stdout);
    });
    daemons.push(await startDaemon('/usr/sbin/slurmd', ['-D', '-N', 'localhost', '-f', confPath], join(dir, 'slurmd.stderr'), env));
    await waitFor('the node to be idle in sinfo', 30_000, async () => {
      const { stdout } = await client(env, ['sinfo', '--noheader', '--Node', '--format=%T']);
      return stdout.trim() === 'idle';
    });
  } catch (error) {
    const logs = await Promise.all(['slurmctld.log', 'slurmd.log'].map((log) => readFile(join(dir, log), 'utf8').catch(() => '')));
    await slurm.stop();
    throw new Error(
      `The one-node Slurm did not start: ${String(error)}\n${logs.map((log) => log.split('\n').slice(-15).join('\n')).join('\n')}`,
    );
  }
  return slurm;
}

interface SlurmConfInput {
  readonly dir: string;
  readonly clusterName: string;
  readonly ctldPort: number;
  readonly slurmdPort: number;
  readonly slots: number;
  readonly killWaitSeconds: number;
  readonly minJobAgeSeconds: number;
}

function slurmConf(c: SlurmConfInput): string {
  return `# One-node test Slurm, written by test/infra/slurm/one-node-slurm.ts
ClusterName=${c.clusterName}
SlurmctldHost=localhost
SlurmctldPort=${c.ctldPort}
SlurmdPort=${c.slurmdPort}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/pgid
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=${c.dir}/jobcomp.txt
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0
SlurmdParameters=config_overrides
ReturnToService=2
StateSaveLocation=${c.dir}/state
SlurmdSpoolDir=${c.dir}/spool
SlurmctldPidFile=${c.dir}/slurmctld.pid
SlurmdPidFile=${c.dir}/slurmd.pid
SlurmctldLogFile=${c.dir}/slurmctld.log
SlurmdLogFile=${c.dir}/slurmd.log
MaxJobCount=200000
MaxArraySize=100001
MinJobAge=${c.minJobAgeSeconds}
KillWait=${c.killWaitSeconds}
InactiveLimit=0
NodeName=localhost CPUs=${c.slots} State=UNKNOWN
PartitionName=majorana Nodes=localhost Default=YES MaxTime=INFINITE State=UP
`;
}

/** munged must run for any Slurm daemon or client to authenticate (INFRA-NOTES: munge first). */
async function ensureMunge(): Promise<void> {
  if (await mungeWorks()) {
    return;
  }
  const key = '/etc/munge/munge.key';
  try {
    await access(key);
  } catch {
    await execFileAsync('/usr/sbin/mungekey', ['-c', '-f', '-k', key]);
    await execFileAsync('chown', ['munge:munge', key]);
    await chmod(key, 0o400);
  }
  await execFileAsync('install', ['-d', '-o', 'munge', '-g', 'munge', '/run/munge']);
  // munged daemonizes itself. Another test file may start it at the same moment: the loser's
  // munged exits on the lock, and the check below passes on the winner's.
  await execFileAsync('runuser', ['-u', 'munge', '--', '/usr/sbin/munged']).catch(() => undefined);
  await waitFor('munged to answer', 10_000, mungeWorks);
}

async function mungeWorks(): Promise<boolean> {
  try {
    await execFileAsync('sh', ['-c', 'munge -n | unmunge >/dev/null 2>&1']);
    return true;
  } catch {
    return false;
  }
}

async function startDaemon(program: string, args: string[], stderrPath: string, env: Record<string, string>): Promise<number> {
  const errFd = openSync(stderrPath, 'a');
  try {
    // Detached and unref'd: the test process must not wait for it; stop() ends it by PID.
    const child = spawn(program, args, { env: { ...process.env, ...env }, detached: true, stdio: ['ignore', errFd, errFd] });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    child.unref();
    return child.pid!;
  } finally {
    closeSync(errFd);
  }
}

async function stopSlurm(env: Record<string, string>, dir: string, daemons: number[]): Promise<void> {
  if (daemons.length > 0) {
    // Jobs first: their slurmstepd processes would outlive slurmd and hold the pilots running.
    await client(env, ['scancel', '--full', `--user=${process.getuid?.() ?? 0}`]).catch(() => undefined);
    await waitFor('the jobs to end', 10_000, async () => {
      const { stdout } = await client(env, ['squeue', '--noheader', '--states=PENDING,RUNNING,COMPLETING,CONFIGURING,SUSPENDED']);
      return stdout.trim() === '';
    }).catch(() => undefined);
  }
  // slurmd before slurmctld, as an admin would.
  for (const pid of daemons.reverse()) {
    await stopProcess(pid);
  }
  await rm(dir, { recursive: true, force: true });
}

async function stopProcess(pid: number): Promise<void> {
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) {
    return;
  }
  process.kill(pid, 'SIGTERM');
  try {
    await waitFor(`process ${pid} to exit`, 10_000, () => Promise.resolve(!alive()));
  } catch {
    process.kill(pid, 'SIGKILL');
  }
}

async function client(env: Record<string, string>, argv: string[]): Promise<{ stdout: string; stderr: string }> {
  const [program, ...args] = argv;
  return execFileAsync(program!, args, { env: { ...process.env, ...env }, timeout: 10_000 });
}

async function waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Ports free right now on every address (the daemons listen on 0.0.0.0). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '0.0.0.0', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function onceOnly(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => (running ??= action());
}
