// npm run bench -- e2e [--json] [--quick]: jobs end to end through real pilots, and the pilot gateway.
//
// Figures (targets beside them in the table):
//   jobs_per_s            5,000 `/bin/true` jobs of one parametric JDL, from submission until all are
//                         Done, with 2 real pilots × 4 slots on this machine (≥ 200/s)
//   latency_p50_ms,       submit → Running of one job with an idle pilot waiting, from the server's own
//   latency_p99_ms        timestamps (submission time, the Running logging record) (p50 < 50, p99 < 250)
//   ws_matches_per_s      jobs pushed per second to 64 simulated pilots asking over their WebSockets,
//                         100,000 jobs Waiting, SQLite (≥ 5,000/s)
//   idle_pilots,          10,000 simulated pilots in another process, each said hello, parked a request
//   idle_pilots_rss_mib   and sent a heartbeat; how many GET /api/pilots lists, and the server's RSS (< 1 GiB)
// Baseline in the same run: spawn('/bin/true') 8 at a time from one process (what the pilots' job
// wrappers build on). Every server is `majorana up` in a child process with the Local CE off, so the
// load generators do not share its thread. Progress goes to stderr.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, report } from './machine.mjs';
import { connectSimulatedPilot } from './e2e/sim-pilot.mjs';
import { childServer, cleanUp, httpClient, tempHome } from './match/env.mjs';
import { percentile } from './match/load.mjs';

const PILOT = join(import.meta.dirname, '..', 'pilot', 'dist', 'pilot.js');
const log = (line) => process.stderr.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const undo = [];

export async function run({ json }) {
  const quick = process.argv.includes('--quick');
  const started = performance.now();
  try {
    const rows = [];
    rows.push(...(await spawnBaseline()));
    rows.push(...(await throughputAndLatency(quick ? 2_000 : 5_000, quick ? 40 : 100)));
    rows.push(...(await wsMatches(quick ? 20_000 : 100_000)));
    rows.push(...(await idlePilots(quick ? 2_000 : 10_000)));
    log(`e2e benchmark done in ${((performance.now() - started) / 60_000).toFixed(1)} min`);
    report(
      'e2e',
      rows.sort((a, b) => a.order - b.order),
      json,
    );
  } finally {
    while (undo.length > 0) {
      await undo
        .pop()()
        .catch((error) => log(`clean-up: ${error.message}`));
    }
    await cleanUp();
  }
}

/** `majorana up` in a child process with the Local CE off; resolves with its URL, pid and tokens. */
async function server(name, env = {}) {
  const home = tempHome(name);
  const child = await childServer(home, { MAJORANA_MAX_PARAMETRIC_JOBS: '100000', ...env });
  const client = httpClient(child.url, 16);
  undo.push(async () => client.close());
  const { token: pilotToken } = await client.request('POST', '/api/admin/tokens', { user: 'admin', group: 'pilot' }, child.adminToken);
  return { url: child.url, home, pid: child.pid, adminToken: child.adminToken, pilotToken, client };
}

async function waitForCount(client, token, status, count, timeoutMs, progress) {
  const deadline = performance.now() + timeoutMs;
  let last = 0;
  for (;;) {
    const summary = await client.request('GET', '/api/jobs/summary?groupBy=status', undefined, token);
    const have = summary.filter((row) => status.includes(row.status)).reduce((sum, row) => sum + row.count, 0);
    if (have >= count) {
      return;
    }
    if (performance.now() > deadline) {
      throw new Error(`only ${have} of ${count} jobs reached ${status.join('/')} in ${timeoutMs / 1000} s: ${JSON.stringify(summary)}`);
    }
    if (progress && have - last >= 1_000) {
      last = have;
      progress(have);
    }
    await sleep(100);
  }
}

async function spawnBaseline() {
  log('baseline: spawn("/bin/true"), 8 at a time, 2,000 processes');
  const total = 2_000;
  let next = 0;
  const begin = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      await new Promise((resolve, reject) => spawn('/bin/true', { stdio: 'ignore' }).once('exit', resolve).once('error', reject));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const perSecond = total / ((performance.now() - begin) / 1000);
  return [{ order: 11, label: '  baseline: spawn(/bin/true) ×8 in one process', value: perSecond, unit: '/s', baseline: true }];
}

async function throughputAndLatency(jobs, latencySamples) {
  log(`throughput: ${jobs.toLocaleString('en')} /bin/true jobs of one parametric JDL, 2 pilots × 4 slots`);
  const s = await server('e2e');
  const pilots = [0, 1].map((index) => {
    const child = spawn(
      process.execPath,
      [
        PILOT,
        '--server',
        s.url,
        '--slots',
        '4',
        '--site',
        'LCG.Bench.org',
        '--ce',
        'ce.bench',
        '--pilot-ref',
        `bench://ce.bench/${index}`,
        '--idle-timeout',
        '600',
        '--work-dir',
        join(s.home, `pilot-${index}`),
      ],
      { env: { ...process.env, MAJORANA_PILOT_TOKEN: s.pilotToken }, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    undo.push(async () => child.kill('SIGKILL'));
    return child;
  });
  await sleep(1_000); // both connected and parked
  const jdl = `[ Executable = "/bin/true"; JobName = "bench_%n"; Parameters = ${jobs}; ParameterStart = 1; ParameterStep = 1; ]`;
  const begin = performance.now();
  await s.client.request('POST', '/api/jobs', { jdl }, s.adminToken);
  await waitForCount(s.client, s.adminToken, ['Done', 'Failed'], jobs, 600_000, (done) => log(`  ${done} jobs ended`));
  const seconds = (performance.now() - begin) / 1000;
  const failed = (await s.client.request('GET', '/api/jobs/summary?groupBy=status', undefined, s.adminToken)).find(
    (row) => row.status === 'Failed',
  );
  if (failed) {
    throw new Error(`${failed.count} of the /bin/true jobs failed`);
  }
  log(`  ${jobs} jobs in ${seconds.toFixed(1)} s`);

  log(`latency: ${latencySamples} single jobs, submit → Running, with idle pilots waiting`);
  const latencies = [];
  for (let index = 0; index < latencySamples; index++) {
    const { jobIds } = await s.client.request('POST', '/api/jobs', { jdl: '[ Executable = "/bin/true"; ]' }, s.adminToken);
    const jobId = jobIds[0];
    let running;
    for (let tries = 0; tries < 200 && running === undefined; tries++) {
      const history = await s.client.request('GET', `/api/jobs/${jobId}/logging`, undefined, s.adminToken);
      const received = history.find((row) => row.Status === 'Received');
      running = history.find((row) => row.Status === 'Running');
      if (running && received) {
        latencies.push(Date.parse(running.StatusTime) - Date.parse(received.StatusTime));
      }
      if (!running) {
        await sleep(20);
      }
    }
    await sleep(50);
  }
  latencies.sort((a, b) => a - b);
  pilots.forEach((child) => child.kill('SIGTERM'));
  return [
    {
      order: 10,
      key: 'jobs_per_s',
      label: `jobs/s end to end, ${jobs} /bin/true, 2 pilots × 4 slots`,
      value: jobs / seconds,
      unit: '/s',
      target: 200,
      lowerIsBetter: false,
    },
    {
      order: 20,
      key: 'latency_p50_ms',
      label: 'submit → Running p50, idle pilot waiting',
      value: percentile(latencies, 0.5),
      unit: 'ms',
      target: 50,
    },
    { order: 21, key: 'latency_p99_ms', label: 'submit → Running p99', value: percentile(latencies, 0.99), unit: 'ms', target: 250 },
  ];
}

async function wsMatches(jobs) {
  const CLIENTS = 64;
  log(`ws matches: ${jobs.toLocaleString('en')} Waiting jobs (SQLite), ${CLIENTS} simulated pilots asking over WebSockets`);
  const s = await server('ws');
  for (let submitted = 0; submitted < jobs; submitted += 10_000) {
    const count = Math.min(10_000, jobs - submitted);
    const jdl = `[ Executable = "/bin/true"; JobName = "ws_%n"; Parameters = ${count}; ParameterStart = ${submitted}; ParameterStep = 1; ]`;
    await s.client.request('POST', '/api/jobs', { jdl }, s.adminToken);
  }
  await waitForCount(s.client, s.adminToken, ['Waiting'], jobs, 300_000);
  let received = 0;
  const pilots = [];
  for (let index = 0; index < CLIENTS; index++) {
    let pilot;
    pilot = await connectSimulatedPilot(s.url, s.pilotToken, {
      onJob: () => {
        received++;
        pilot.requestWork();
      },
    });
    pilots.push(pilot);
  }
  undo.push(async () => Promise.all(pilots.map((pilot) => pilot.terminate())));
  const ROUNDS = 5;
  const perRound = Math.floor((0.8 * jobs) / (ROUNDS + 1));
  const rates = [];
  pilots.forEach((pilot) => pilot.requestWork());
  for (let round = 0; round <= ROUNDS; round++) {
    const startCount = received;
    const begin = performance.now();
    while (received - startCount < perRound && performance.now() - begin < 5_000) {
      await sleep(10);
    }
    const rate = (received - startCount) / ((performance.now() - begin) / 1000);
    log(`  ${round === 0 ? 'warm-up' : `round ${round}/${ROUNDS}`}: ${rate.toFixed(0)} jobs pushed/s`);
    if (round > 0) {
      rates.push(rate);
    }
  }
  return [
    {
      order: 30,
      key: 'ws_matches_per_s',
      label: `jobs pushed/s over WebSockets, ${CLIENTS} pilots, SQLite`,
      value: median(rates),
      unit: '/s',
      target: 5_000,
      lowerIsBetter: false,
    },
  ];
}

async function idlePilots(count) {
  log(`idle pilots: ${count.toLocaleString('en')} simulated pilots from another process`);
  const s = await server('idle', { MAJORANA_HEARTBEAT_S: '30' });
  const child = spawn(process.execPath, [join(import.meta.dirname, 'e2e', 'idle-pilots.child.mjs'), s.url, s.pilotToken, String(count)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  undo.push(
    () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  );
  await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      if (output.includes('ready')) {
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the idle pilots exited with ${code}`)));
  });
  await sleep(3_000); // every request parked, every heartbeat handled
  const listed = await s.client.request('GET', `/api/pilots?status=Running&perPage=1`, undefined, s.adminToken);
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${s.pid}/status`, 'utf8'))?.[1] ?? NaN);
  log(`  ${listed.total} pilots listed Running, server RSS ${(rssKiB / 1024).toFixed(0)} MiB`);
  return [
    {
      order: 40,
      key: 'idle_pilots',
      label: 'idle pilots held and listed by GET /api/pilots',
      value: listed.total,
      unit: '',
      target: count,
      lowerIsBetter: false,
    },
    {
      order: 41,
      key: 'idle_pilots_rss_mib',
      label: `server RSS with ${count} idle pilots`,
      value: rssKiB / 1024,
      unit: 'MiB',
      target: 1_024,
    },
  ];
}
