// npm run bench -- match [--json] [--quick] [--only=PART,…]: how fast the matcher hands out jobs.
// PART is parametric, sqlite, mariadb, http or ratio (all by default).
//
// Figures (targets beside them in the table):
//   matches_per_s_sqlite, p99_ms_sqlite      in-process MatcherService.match, 64 concurrent callers,
//   matches_per_s_mariadb, p99_ms_mariadb    100,000 Waiting jobs in 200 task queues (≥ 5,000/s SQLite,
//                                            ≥ 1,000/s MariaDB; p99 < 50 ms)
//   http_matches_per_s_sqlite                POST /api/matcher/match over 64 keep-alive connections to
//                                            `majorana up` in a child process (≥ 2,000/s)
//   rate_ratio_1m_vs_10k                     SQLite match rate with 1,000,000 jobs waiting over the
//                                            rate with 10,000 (≥ 0.8), two servers measured in turn;
//                                            skipped with --quick (saves ~2 min of filling)
//   parametric_10k_s                         POST /api/jobs of one 10,000-job parametric JDL until it
//                                            is stored and Waiting, SQLite (< 3 s)
// Baseline in the same run: WaitingJobRepository.claim alone on the same database, same callers, in
// rounds interleaved with the match rounds. Between rounds the database settles (untimed: SQLite's
// write-ahead log checkpointed, InnoDB's purge caught up), so no round pays for the one before. Jobs are filled through the server's submission service
// (the code behind POST /api/jobs). Progress goes to stderr; stdout is the table (and the JSON line).
import { MatcherService } from '../apps/server/dist/matcher/matcher.service.js';
import { median, report } from './machine.mjs';
import { rawClaimWorkload } from './match/claims.mjs';
import { childServer, cleanUp, httpClient, inProcessServer, mariaDbDatabase, settleDatabase, tempHome } from './match/env.mjs';
import { measure } from './match/load.mjs';
import { fillQueues, MATCH_REQUEST, QUEUES, RESOURCE } from './match/workload.mjs';

const CALLERS = 64;
const JOBS = 100_000;
const ROUNDS = 5;
const ROUND_SECONDS = 3;
/** The 10k-vs-1M rounds: more of them (the ratio of two noisy rates), each at most this many matches. */
const RATIO_ROUNDS = 7;
const RATIO_PER_ROUND = 3_000;
/** A fresh `majorana up` process gets more warm-up (JIT, caches) than a server that has just stored 100,000 jobs. */
const HTTP_WARMUPS = 2;
/** Each measured workload may take at most 60% of its jobs over the warm-up and all rounds. */
const capFor = (jobs, warmups = 1) => Math.floor((0.6 * jobs) / (ROUNDS + warmups));

/** Raw claim rates measured on this machine before (issue notes), printed for reference only. */
const REFERENCE_RAW_SQLITE = 21_000;
const REFERENCE_RAW_MARIADB = 2_700;

const PARAMETRIC_10K = `[
  JobName = "sweep_%n";
  Executable = "simulate.sh";
  Arguments = "--seed %s --run %n";
  StdOutput = "sim_%n.out";
  OutputSandbox = { "sim_%n.out", "*.root" };
  CPUTime = 3600;
  Parameters = 10000;
  ParameterStart = 1000;
  ParameterStep = 7;
]
`;

const log = (line) => process.stderr.write(`${line}\n`);

export async function run({ json }) {
  const quick = process.argv.includes('--quick');
  const started = performance.now();
  try {
    const only = onlyParts();
    const wanted = (part) => only === null || only.has(part);
    const rows = [];
    if (wanted('parametric')) rows.push(...(await parametricSubmission()));
    if (wanted('sqlite')) rows.push(...(await inProcess('sqlite')));
    if (wanted('mariadb')) rows.push(...(await inProcess('mariadb')));
    if (wanted('http')) rows.push(...(await overHttp()));
    if (wanted('ratio')) rows.push(...(quick ? skippedRatio() : await ratio1mVs10k()));
    log(`match benchmark done in ${((performance.now() - started) / 60_000).toFixed(1)} min`);
    report('match', order(rows), json);
  } finally {
    await cleanUp();
  }
}

const PARTS = ['parametric', 'sqlite', 'mariadb', 'http', 'ratio'];

/** `--only=sqlite,http` measures those parts alone (to look at one figure); null measures all. */
function onlyParts() {
  const flag = process.argv.find((arg) => arg.startsWith('--only='));
  if (flag === undefined) {
    return null;
  }
  const parts = new Set(flag.slice('--only='.length).split(','));
  const unknown = [...parts].filter((part) => !PARTS.includes(part));
  if (unknown.length > 0) {
    throw new Error(`--only: unknown part ${unknown.join(', ')}; the parts are ${PARTS.join(', ')}`);
  }
  return parts;
}

/** The table in the order of the issue's figures, each baseline and reference under its figure. */
function order(rows) {
  return rows.sort((a, b) => a.order - b.order);
}

async function parametricSubmission() {
  log('parametric: one 10,000-job JDL through POST /api/jobs (SQLite), 5 times');
  const server = await inProcessServer({ home: tempHome('parametric'), maxParametricJobs: 10_000 });
  const client = httpClient(server.url, 1);
  const samples = [];
  try {
    for (let index = 0; index < 6; index++) {
      const sent = performance.now();
      const { jobIds } = await client.request('POST', '/api/jobs', { jdl: PARAMETRIC_10K }, server.adminToken);
      const seconds = (performance.now() - sent) / 1000;
      if (jobIds.length !== 10_000) {
        throw new Error(`the parametric submission made ${jobIds.length} jobs, not 10,000`);
      }
      log(`  ${index === 0 ? 'warm-up' : `run ${index}`}: ${seconds.toFixed(2)} s`);
      if (index > 0) {
        samples.push(seconds);
      }
    }
    const summary = await client.request('GET', '/api/jobs/summary?groupBy=status', undefined, server.adminToken);
    const waiting = summary.find((row) => row.status === 'Waiting')?.count ?? 0;
    if (waiting !== 60_000) {
      throw new Error(`after six submissions ${waiting} jobs are Waiting, not 60,000: ${JSON.stringify(summary)}`);
    }
  } finally {
    client.close();
    await server.close();
  }
  return [
    {
      order: 70,
      key: 'parametric_10k_s',
      label: 'a 10,000-job parametric submission, SQLite',
      value: median(samples),
      unit: 's',
      target: 3,
    },
  ];
}

async function inProcess(kind) {
  const label = kind === 'sqlite' ? 'SQLite' : 'MariaDB';
  const base = kind === 'sqlite' ? 10 : 30;
  log(`${label}: ${JOBS.toLocaleString('en')} jobs in ${QUEUES} task queues, in-process MatcherService, ${CALLERS} callers`);
  const server = await inProcessServer(
    kind === 'sqlite' ? { home: tempHome(kind) } : { home: tempHome(kind), dbUrl: await mariaDbDatabase() },
  );
  try {
    const fill = await fillQueues(server, JOBS / QUEUES, log);
    log(`  filled in ${fill.seconds.toFixed(1)} s (${(fill.jobs / fill.seconds).toFixed(0)} jobs/s through the submission service)`);
    const matcher = server.app.get(MatcherService);
    const perRound = capFor(JOBS);
    const raw = await rawClaimWorkload(server, 2 * perRound * (ROUNDS + 1), 'raw claims');
    const [matches, claims] = await measure(
      [
        { name: 'matches', call: () => matcher.match(RESOURCE), after: () => settleDatabase(server) },
        { name: 'raw claims', call: raw.call, after: () => settleDatabase(server) },
      ],
      { rounds: ROUNDS, callers: CALLERS, perRound, seconds: ROUND_SECONDS, progress: log },
    );
    await raw.remove();
    if (matches.nulls > 0) {
      throw new Error(`${matches.nulls} matches found no job while thousands were waiting`);
    }
    const reference = kind === 'sqlite' ? REFERENCE_RAW_SQLITE : REFERENCE_RAW_MARIADB;
    return [
      {
        order: base,
        key: `matches_per_s_${kind}`,
        label: `matches/s, ${label}, in-process, ${CALLERS} callers`,
        value: matches.perSecond,
        unit: '/s',
        target: kind === 'sqlite' ? 5_000 : 1_000,
        lowerIsBetter: false,
      },
      {
        order: base + 1,
        label: '  baseline: raw claim() alone, same db',
        value: claims.perSecond,
        unit: '/s',
        baseline: true,
      },
      {
        order: base + 2,
        label: `  reference: earlier raw claims${kind === 'sqlite' ? '' : ' (8 conn)'}`,
        value: reference,
        unit: '/s',
        baseline: true,
      },
      { order: base + 3, label: `  match latency p50, ${label}`, value: matches.p50, unit: 'ms' },
      { order: base + 4, key: `p99_ms_${kind}`, label: `match latency p99, ${label}`, value: matches.p99, unit: 'ms', target: 50 },
    ];
  } finally {
    await server.close();
  }
}

async function overHttp() {
  log(
    `HTTP: ${JOBS.toLocaleString('en')} jobs, POST /api/matcher/match to majorana up (SQLite) in a child process, ${CALLERS} connections`,
  );
  const home = tempHome('http');
  const filler = await inProcessServer({ home });
  try {
    const fill = await fillQueues(filler, JOBS / QUEUES, log);
    log(`  filled in ${fill.seconds.toFixed(1)} s`);
  } finally {
    await filler.close();
  }
  const server = await childServer(home);
  const client = httpClient(server.url, CALLERS);
  try {
    const { token } = await client.request('POST', '/api/admin/tokens', { user: 'admin', group: 'pilot' }, server.adminToken);
    const call = async () => (await client.request('POST', '/api/matcher/match', MATCH_REQUEST, token)).job;
    const [matches] = await measure([{ name: 'HTTP matches', call }], {
      rounds: ROUNDS,
      warmups: HTTP_WARMUPS,
      callers: CALLERS,
      perRound: capFor(JOBS, HTTP_WARMUPS),
      seconds: ROUND_SECONDS,
      progress: log,
    });
    if (matches.nulls > 0) {
      throw new Error(`${matches.nulls} HTTP matches found no job while thousands were waiting`);
    }
    return [
      {
        order: 50,
        key: 'http_matches_per_s_sqlite',
        label: `HTTP matches/s, SQLite, ${CALLERS} connections`,
        value: matches.perSecond,
        unit: '/s',
        target: 2_000,
        lowerIsBetter: false,
      },
      { order: 51, label: '  HTTP match latency p99', value: matches.p99, unit: 'ms' },
    ];
  } finally {
    client.close();
    await server.stop();
  }
}

async function ratio1mVs10k() {
  log(`1M vs 10k: two SQLite servers, ${QUEUES} task queues each, rounds interleaved, the 10k one topped up after each round`);
  const large = await inProcessServer({ home: tempHome('1m') });
  const small = await inProcessServer({ home: tempHome('10k') });
  try {
    const fillLarge = await fillQueues(large, 1_000_000 / QUEUES, log);
    log(`  1,000,000 jobs filled in ${fillLarge.seconds.toFixed(0)} s`);
    await fillQueues(small, 10_000 / QUEUES);
    // The small server gets the jobs a round took back after each round (untimed), so every round
    // starts at 10,000 and may run as long as the large one's: short rounds are noisy here.
    const [atSmall, atLarge] = await measure(
      [
        {
          name: '10k',
          call: () => small.app.get(MatcherService).match(RESOURCE),
          after: async (result) => {
            await fillQueues(small, Math.ceil(result.calls / QUEUES));
            await settleDatabase(small);
          },
        },
        { name: '1M', call: () => large.app.get(MatcherService).match(RESOURCE), after: () => settleDatabase(large) },
      ],
      { rounds: RATIO_ROUNDS, callers: CALLERS, perRound: RATIO_PER_ROUND, seconds: ROUND_SECONDS, progress: log },
    );
    return [
      {
        order: 60,
        key: 'rate_ratio_1m_vs_10k',
        label: 'SQLite rate at 1,000,000 / at 10,000 jobs',
        value: atLarge.perSecond / atSmall.perSecond,
        unit: '×',
        target: 0.8,
        lowerIsBetter: false,
      },
      { order: 61, label: '  matches/s with 10,000 jobs waiting', value: atSmall.perSecond, unit: '/s' },
      { order: 62, label: '  matches/s with 1,000,000 jobs waiting', value: atLarge.perSecond, unit: '/s' },
      { order: 63, label: '  p99 with 1,000,000 jobs waiting', value: atLarge.p99, unit: 'ms' },
    ];
  } finally {
    await large.close();
    await small.close();
  }
}

function skippedRatio() {
  log('1M vs 10k: skipped (--quick)');
  return [];
}
