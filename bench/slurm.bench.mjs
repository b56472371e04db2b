// npm run bench -- slurm [--json] [--quick] [--slots=N] [--pilot-slots=M] [--pilot-node=PATH]: short jobs on a real
// one-node Slurm, three ways, on the same node with the same number of slots (N, default 8):
//
//   majorana_jobs_per_s   2,000 `/bin/true` jobs of one parametric JDL through Majorana: `majorana up`
//                         (SQLite, agents on) with one declared Slurm CE whose site director sbatch's
//                         N/M pilots of M slots (default 4) once the jobs wait; each pilot runs many
//                         jobs. From the submission until all are Done (pilot start-up included).
//   sbatch_jobs_per_s     the same 2,000 as `sbatch --wrap /bin/true`, one after the other (a user's
//                         shell loop), from the first sbatch until squeue lists none left.
//   array_jobs_per_s      one `sbatch --array=1-2000 --wrap /bin/true`, until squeue lists none left.
//   speedup_vs_sbatch,    Majorana's jobs/s over each (targets ≥ 6, aim 10).
//   speedup_vs_array
//
// Slurm runs with the throughput settings of test/infra/slurm/one-node-slurm.ts (the tests' own
// Slurm, started here by PID in a temporary folder): batch_sched_delay=0, select/cons_tres CR_Core,
// no accounting. Each of the three gets a fresh Slurm, so none inherits another's job records.
// --quick runs 500 jobs of each (the table says so). --pilot-node is the CE's pilot.nodePath: the node
// the pilots run, e.g. a wrapper `exec node --cpu-prof --cpu-prof-dir=/tmp/prof "$@"` to profile them. Progress and the profile of the Majorana run
// (when its pilots were sbatch'd, its first job Done, its steady rate) go to stderr; stdout is the
// table and, with --json, the JSON line last.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './machine.mjs';
import { cleanUp } from './match/env.mjs';
import { sbatchArray, sbatchOneByOne } from './slurm/direct-slurm.mjs';
import { majoranaOnSlurm } from './slurm/majorana-on-slurm.mjs';
import { loadOneNodeSlurm } from './slurm/test-infra.mjs';

const log = (line) => process.stderr.write(`${line}\n`);
const cores = () => availableParallelism();
const TARGET_SPEEDUP = 6;
const AIM_SPEEDUP = 10;

function option(name, fallback) {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  if (given === undefined) {
    return fallback;
  }
  const value = Number(given.slice(name.length + 3));
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`--${name} must be a whole number ≥ 1, got ${given}`);
  }
  return value;
}

export async function run({ json }) {
  const quick = process.argv.includes('--quick');
  const jobs = quick ? 500 : 2_000;
  const slots = option('slots', 8);
  const slotsPerPilot = Math.min(option('pilot-slots', 4), slots);
  if (slots % slotsPerPilot !== 0) {
    throw new Error(`--slots=${slots} is not a multiple of --pilot-slots=${slotsPerPilot}: the pilots would not fill the node exactly`);
  }
  const pilots = slots / slotsPerPilot;
  const nodePath = process.argv.find((arg) => arg.startsWith('--pilot-node='))?.slice('--pilot-node='.length);
  const { startOneNodeSlurm, oneNodeSlurmUnavailable } = await loadOneNodeSlurm();
  const unavailable = await oneNodeSlurmUnavailable();
  if (unavailable !== null) {
    throw new Error(`the slurm benchmark needs a one-node Slurm: ${unavailable}`);
  }
  const started = performance.now();
  const workDir = await mkdtemp(join(tmpdir(), 'majorana-bench-sbatch-'));
  /** A fresh one-node Slurm for one measurement, stopped (by PID) whatever happens. */
  const withSlurm = async (measure) => {
    const slurm = await startOneNodeSlurm({ slots });
    try {
      return await measure(slurm);
    } finally {
      await slurm.stop();
    }
  };
  try {
    log(`slurm: ${jobs} × /bin/true, one-node Slurm with ${slots} slots (batch_sched_delay=0)`);
    log(`majorana: one parametric JDL, ${pilots} pilot(s) × ${slotsPerPilot} slots sbatch'd by the site director`);
    const majorana = await withSlurm((slurm) => majoranaOnSlurm(slurm, jobs, { pilots, slotsPerPilot, nodePath }, log));
    const p = majorana.profile;
    log(
      `  ${jobs} jobs in ${majorana.seconds.toFixed(1)} s — profile: submission answered after ${p.submittedS.toFixed(2)} s, ` +
        `pilots sbatch'd after ${p.firstSbatchS?.toFixed(2) ?? '?'} s, first job Done after ${p.firstDoneS?.toFixed(2) ?? '?'} s, ` +
        `then ${p.steadyJobsPerS?.toFixed(0) ?? '?'} jobs/s; ${p.pilots} pilot(s) ran ${p.jobsPerPilot.join(' + ')} jobs; ` +
        `CPU used: server ${p.serverCpuS.toFixed(1)} s, pilots and their jobs ${p.pilotsCpuS.toFixed(1)} s, ` +
        `of ${(majorana.seconds * cores()).toFixed(1)} s the ${cores()} cores had`,
    );

    log(`sbatch one by one: ${jobs} × sbatch --wrap /bin/true`);
    const loop = await withSlurm((slurm) => sbatchOneByOne(slurm, jobs, workDir, log));
    log(
      `  ${jobs} jobs in ${loop.seconds.toFixed(1)} s (all submitted after ${loop.submittedS.toFixed(1)} s): ${JSON.stringify(loop.states)}`,
    );
    checkCompleted('sbatch loop', loop.states, jobs);

    log(`job array: sbatch --array=1-${jobs} --wrap /bin/true`);
    const array = await withSlurm((slurm) => sbatchArray(slurm, jobs, workDir, log));
    log(`  ${jobs} jobs in ${array.seconds.toFixed(1)} s: ${JSON.stringify(array.states)}`);
    checkCompleted('job array', array.states, jobs);

    log(`slurm benchmark done in ${((performance.now() - started) / 60_000).toFixed(1)} min`);
    const rate = (seconds) => jobs / seconds;
    const majoranaTarget = Math.ceil(TARGET_SPEEDUP * Math.max(rate(loop.seconds), rate(array.seconds)));
    report(
      'slurm',
      [
        { label: `Slurm slots for each (Majorana ${pilots} × ${slotsPerPilot})`, value: slots, unit: '', baseline: true },
        { label: `/bin/true jobs per run${quick ? ' (--quick, not 2000)' : ''}`, value: jobs, unit: '', baseline: true },
        { label: 'wall time, Majorana pilots on Slurm', value: majorana.seconds, unit: 's' },
        { label: 'wall time, sbatch one by one', value: loop.seconds, unit: 's', baseline: true },
        { label: 'wall time, one job array', value: array.seconds, unit: 's', baseline: true },
        {
          key: 'majorana_jobs_per_s',
          label: 'jobs/s, Majorana pilots on Slurm',
          value: rate(majorana.seconds),
          unit: '/s',
          target: majoranaTarget,
          lowerIsBetter: false,
        },
        { key: 'sbatch_jobs_per_s', label: 'jobs/s, sbatch one by one', value: rate(loop.seconds), unit: '/s', baseline: true },
        { key: 'array_jobs_per_s', label: 'jobs/s, one job array', value: rate(array.seconds), unit: '/s', baseline: true },
        {
          key: 'speedup_vs_sbatch',
          label: `speedup vs sbatch one by one, aim ${AIM_SPEEDUP}×`,
          value: loop.seconds / majorana.seconds,
          unit: '×',
          target: TARGET_SPEEDUP,
          lowerIsBetter: false,
        },
        {
          key: 'speedup_vs_array',
          label: `speedup vs one job array, aim ${AIM_SPEEDUP}×`,
          value: array.seconds / majorana.seconds,
          unit: '×',
          target: TARGET_SPEEDUP,
          lowerIsBetter: false,
        },
      ],
      json,
    );
  } finally {
    await cleanUp();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Every job of a direct run must have COMPLETED, or its time means nothing. */
function checkCompleted(what, states, jobs) {
  if ((states.COMPLETED ?? 0) !== jobs) {
    throw new Error(`${what}: ${states.COMPLETED ?? 0} of ${jobs} jobs COMPLETED (${JSON.stringify(states)})`);
  }
}
