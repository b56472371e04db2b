// npm run bench -- cli [--json]: wall time of the commands people type, each a fresh process as in a shell.
//
// Figures (targets beside them in the table):
//   submit_ms          `dirac-wms-job-submit Job.jdl` of the seed job from its folder: the two local
//                      input files packed and uploaded, then the JDL submitted (< 300 ms; DIRAC: 5–8 s)
//   status_ms          `dirac-wms-job-status ID` (< 300 ms)
//   majorana_status_ms `majorana job status ID` (the commander-based CLI with every subcommand)
// Baseline in the same run: `node -e 0`, the floor every command pays. Medians of 15 runs after 2
// warm-ups. The server is `majorana up` in a child process with the Local CE off (the jobs stay
// Waiting, so nothing else competes for the two cores while we time).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, report } from './machine.mjs';
import { childServer, cleanUp, tempHome } from './match/env.mjs';

const root = join(import.meta.dirname, '..');
const bins = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin;
const SEED = join(root, 'test', 'fixtures', 'jobs', 'seed');
const RUNS = 15;
const WARM_UPS = 2;

/** Median wall time (ms) of `node <args>` as a new process, checking each run succeeded. */
function timeCommand(args, env, cwd) {
  const samples = [];
  let last;
  for (let index = 0; index < WARM_UPS + RUNS; index++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8' });
    const elapsed = performance.now() - started;
    if (result.status !== 0) {
      throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stdout}${result.stderr}`);
    }
    last = result.stdout;
    if (index >= WARM_UPS) {
      samples.push(elapsed);
    }
  }
  return { ms: median(samples), stdout: last };
}

export async function run({ json }) {
  try {
    const home = tempHome('cli');
    const server = await childServer(home);
    const env = { ...process.env, MAJORANA_HOME: home, MAJORANA_URL: server.url, MAJORANA_TOKEN: server.adminToken };
    const bin = (name) => join(root, bins[name]);

    const baseline = timeCommand(['-e', '0'], env, SEED);
    const submit = timeCommand([bin('dirac-wms-job-submit'), 'Job.jdl'], env, SEED);
    const jobId = /JobID = (\d+)/.exec(submit.stdout)?.[1];
    if (jobId === undefined) {
      throw new Error(`dirac-wms-job-submit printed no JobID: ${submit.stdout}`);
    }
    const status = timeCommand([bin('dirac-wms-job-status'), jobId], env, SEED);
    const majoranaStatus = timeCommand([bin('majorana'), 'job', 'status', jobId], env, SEED);

    report(
      'cli',
      [
        { key: 'submit_ms', label: 'dirac-wms-job-submit Job.jdl (2 files uploaded)', value: submit.ms, unit: 'ms', target: 300 },
        { key: 'status_ms', label: 'dirac-wms-job-status ID', value: status.ms, unit: 'ms', target: 300 },
        { key: 'majorana_status_ms', label: 'majorana job status ID', value: majoranaStatus.ms, unit: 'ms' },
        { key: 'node_startup_ms', label: '  baseline: node -e 0', value: baseline.ms, unit: 'ms', baseline: true },
      ],
      json,
    );
  } finally {
    await cleanUp();
  }
}
