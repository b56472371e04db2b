// Majorana on the benchmark's one-node Slurm: `majorana up` in a child process (SQLite, its agents on)
// whose config file declares one Slurm CE, run on this machine (sbatch through the agents'
// LocalCommandRunner, SLURM_CONF in their environment). Its site director sends pilots with sbatch
// once jobs wait; each pilot takes many jobs over its WebSocket. Timed from the submission of one
// parametric JDL until every job is Done.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, httpClient, tempHome } from '../match/env.mjs';
import { slurmClient } from './direct-slurm.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const CE = 'bench-slurm';
const SITE = 'LCG.Bench.org';

/** The default VO, groups and users of a fresh installation, beside the one computing element. */
function configFile(slurm, workDir, { pilots, slotsPerPilot, nodePath }) {
  return {
    vo: 'majorana',
    groups: [
      { name: 'admin', properties: ['NormalUser', 'JobAdministrator', 'SiteManager', 'ServiceAdministrator'], share: 1000 },
      { name: 'user', properties: ['NormalUser'], share: 1000 },
      { name: 'pilot', properties: ['Pilot'], share: 1000 },
    ],
    users: [
      { name: 'admin', groups: ['admin', 'pilot'] },
      { name: 'pilot', groups: ['pilot'] },
    ],
    computingElements: [
      {
        name: CE,
        site: SITE,
        type: 'slurm',
        batchSystem: 'slurm',
        workDir,
        // Every pilot at once: pilots × slots is the Slurm node's CPUs, the same slots sbatch gets.
        limits: { maxPilotsWaiting: pilots, maxPilots: pilots, maxPilotsPerCycle: pilots },
        // Two days of CPU at normalisation 1: a job without CPUTime asks for DIRAC's default
        // 86,400 HS06·s, which a pilot offers only if its time left (its --max-time) reaches it.
        queue: { platform: 'Linux_x86_64_glibc-2.36', cpuTimeLimitS: 2 * 86_400, cpuNormalization: 1, cores: slotsPerPilot, ramMiB: 4096 },
        pilot: { slots: slotsPerPilot, maxTimeS: 2 * 86_400, ...(nodePath === undefined ? {} : { nodePath }) },
        slurm: { partition: slurm.partition },
      },
    ],
  };
}

/**
 * `majorana up` with the Slurm CE; resolves once it listens, with `stop()` (SIGTERM by PID, SIGKILL
 * after 20 s). Its output lines are kept with the time they came.
 */
async function startMajorana(slurm, home, shape) {
  const workDir = join(home, 'slurm-ce');
  writeFileSync(join(home, 'majorana.json'), JSON.stringify(configFile(slurm, workDir, shape), null, 2));
  const child = spawn(process.execPath, [CLI, 'up', '--port', '0', '--home', home], {
    env: {
      ...process.env,
      ...slurm.env,
      // info: the site director's "submitted N" lines, timed below.
      MAJORANA_LOG_LEVEL: 'info',
      MAJORANA_LOCAL_PILOTS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
    });
  const lines = [];
  let pending = '';
  const onData = (chunk) => {
    const now = performance.now();
    pending += chunk.toString();
    const parts = pending.split('\n');
    pending = parts.pop();
    for (const line of parts) {
      lines.push({ at: now, line });
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const url = await new Promise((resolve, reject) => {
    child.once('error', reject);
    const timer = setTimeout(
      () => reject(new Error(`majorana up did not start within 60 s:\n${lines.map((l) => l.line).join('\n')}`)),
      60_000,
    );
    const poll = setInterval(() => {
      const found = lines.map((l) => /Majorana is up at (http:\/\/\S+)/.exec(l.line)).find(Boolean);
      if (found) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve(found[1]);
      }
    }, 50);
    child.once('exit', (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`majorana up exited with ${code}:\n${lines.map((l) => l.line).join('\n')}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  return { url, lines, stop, pid: child.pid, adminToken: readFileSync(join(home, 'admin.token'), 'utf8').trim() };
}

/**
 * `jobs` × /bin/true as one parametric JDL through Majorana pilots on the Slurm CE. Returns the wall
 * time from the submission until all are Done and where the time went (for the profile). Stops the
 * server and cancels its pilots before returning (idle pilots would hold the node's slots).
 */
export async function majoranaOnSlurm(slurm, jobs, shape, log) {
  const home = tempHome('slurm');
  const majorana = await startMajorana(slurm, home, shape);
  const client = httpClient(majorana.url, 4);
  try {
    return await measure(majorana, client, jobs, log);
  } finally {
    client.close();
    await majorana.stop();
    await slurmClient(slurm, ['scancel', `--name=majorana.${CE}`]).catch(() => undefined);
  }
}

async function measure(majorana, client, jobs, log) {
  const jdl = `[ Executable = "/bin/true"; JobName = "bench_%n"; Parameters = ${jobs}; ParameterStart = 1; ParameterStep = 1; ]`;
  const serverCpuBefore = cpuSeconds(majorana.pid);
  const begin = performance.now();
  await client.request('POST', '/api/jobs', { jdl }, majorana.adminToken);
  const submittedS = (performance.now() - begin) / 1000;
  let firstDoneS = null;
  let lastReported = 0;
  const deadline = begin + 600_000;
  let summary = [];
  for (;;) {
    summary = await client.request('GET', '/api/jobs/summary?groupBy=status', undefined, majorana.adminToken);
    const ended = summary.filter((row) => row.status === 'Done' || row.status === 'Failed').reduce((sum, row) => sum + row.count, 0);
    if (ended > 0 && firstDoneS === null) {
      firstDoneS = (performance.now() - begin) / 1000;
    }
    if (ended >= jobs) {
      break;
    }
    if (performance.now() > deadline) {
      throw new Error(`only ${ended} of ${jobs} jobs ended within 600 s: ${JSON.stringify(summary)}`);
    }
    if (ended - lastReported >= 500) {
      lastReported = ended;
      log(`  ${ended} jobs ended after ${((performance.now() - begin) / 1000).toFixed(1)} s`);
    }
    await sleep(100);
  }
  const seconds = (performance.now() - begin) / 1000;
  // Where the machine's CPU went meanwhile: the server (matching, reports, SQLite) and the pilots
  // with the jobs they ran (their reaped children count in cutime); the pilots are still there, idle.
  const serverCpuS = cpuSeconds(majorana.pid) - serverCpuBefore;
  const pilotsCpuS = pilotPids().reduce((sum, pid) => sum + cpuSeconds(pid, { children: true }), 0);
  const failed = summary.find((row) => row.status === 'Failed');
  if (failed) {
    throw new Error(`${failed.count} of the /bin/true jobs failed: ${JSON.stringify(summary)}`);
  }
  // The site director's "submitted N … slurm://…" lines: when the pilots were sbatch'd.
  const submissions = majorana.lines.filter((l) => l.at >= begin && /submitted [1-9]\d* .*slurm:\/\//.test(l.line));
  const firstSbatchS = submissions.length > 0 ? (submissions[0].at - begin) / 1000 : null;
  const { pilots } = await client.request('GET', `/api/pilots?ce=${CE}&perPage=100`, undefined, majorana.adminToken);
  return {
    seconds,
    profile: {
      submittedS,
      firstSbatchS,
      firstDoneS,
      pilots: pilots.length,
      jobsPerPilot: pilots.map((pilot) => pilot.jobsRun),
      steadyJobsPerS: firstDoneS === null ? null : (jobs - 1) / (seconds - firstDoneS),
      serverCpuS,
      pilotsCpuS,
    },
  };
}

/** CPU seconds a process has used (user + system), with those of its reaped children if asked; 0 once gone. */
function cpuSeconds(pid, { children = false } = {}) {
  try {
    // Fields after the command name (which may hold spaces): state is [0], utime [11], stime [12], cutime [13], cstime [14].
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const ticks = fields[11] + fields[12] + (children ? fields[13] + fields[14] : 0);
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/** The PIDs of this CE's pilots running now (node …/pilot-<hash>.js … --ce bench-slurm). */
function pilotPids() {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return argv.some((arg) => /pilot[^/]*\.js$/.test(arg)) && argv.includes(CE);
      } catch {
        return false;
      }
    })
    .map(Number);
}
