// npm run bench -- jdl: parsing and parametric expansion speed (issue 2).
// Figures: parse_us_20_lines (target < 50 µs), expand_10k_ms (target < 200 ms). The baseline in
// the same run is JSON.parse of the same data, V8's native parser: a floor, not a competitor.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeJobs, expandParametric, parseJdl } from '@majorana/jdl';
import { median, report, timeMicros } from './machine.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const corpusDir = join(here, '..', 'test', 'fixtures', 'jdl-corpus');

/** A typical 20-line user JDL: the collaboration's seed job plus the attributes people add. */
export const TYPICAL_20_LINE_JDL = `[
  JobName = "nu-sim-run-0042";
  Executable = "runstuff.sh";
  Arguments = "inputfile.txt --events 10000";
  StdOutput = "stdout.txt";
  StdError = "stderr.txt";
  InputSandbox = { "runstuff.sh", "inputfile.txt" };
  OutputSandbox = { "stdout.txt", "stderr.txt", "*.root" };
  CPUTime = 10000;
  NumberOfProcessors = 4;
  JobGroup = "simulation";
  Priority = 5;
  LogLevel = "INFO";
  Site = { "LCG.CPPM.fr", "LCG.CNAF.it" };
  BannedSites = "LCG.OLD.uk";
  Tags = { "MultiProcessor", "4Processors" };
  Platform = "x86_64-el9";
  Requirements = other.MaxCPUTime >= 10000 && member("MultiProcessor", other.Tags);
  Rank = other.FreeSlots;
]
`;

const PARAMETRIC_10K = `Executable = "simulate.sh";
Arguments = "--seed %s --run %n";
JobName = "sim_%n";
StdOutput = "sim_%n.out";
OutputSandbox = { "sim_%n.out", "*.root" };
Parameters = 10000;
ParameterStart = 1000;
ParameterStep = 7;
`;

export async function run({ json }) {
  const lines = TYPICAL_20_LINE_JDL.trim().split('\n').length;
  const parseUs = timeMicros(() => parseJdl(TYPICAL_20_LINE_JDL), { rounds: 21, batch: 500 });
  const equivalentJson = JSON.stringify(Object.fromEntries(parseJdl(TYPICAL_20_LINE_JDL).ad.attributes.map((a) => [a.name, a.value])));
  const jsonUs = timeMicros(() => JSON.parse(equivalentJson), { rounds: 21, batch: 500 });
  const describeUs = timeMicros(() => describeJobs(TYPICAL_20_LINE_JDL), { rounds: 21, batch: 200 });

  const corpus = readdirSync(corpusDir)
    .filter((file) => file.endsWith('.jdl'))
    .map((file) => readFileSync(join(corpusDir, file), 'utf8'));
  const corpusUs = timeMicros(
    () => {
      for (const text of corpus) {
        try {
          parseJdl(text);
        } catch {
          // refused files cost their error path, which is what users hit too
        }
      }
    },
    { rounds: 15, batch: 20 },
  );

  const doc = parseJdl(PARAMETRIC_10K);
  const expandSamples = [];
  const describeSamples = [];
  for (let round = 0; round < 9; round++) {
    let start = process.hrtime.bigint();
    const jobs = expandParametric(doc);
    expandSamples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (jobs.length !== 10000) {
      throw new Error(`expected 10000 jobs, got ${jobs.length}`);
    }
    start = process.hrtime.bigint();
    describeJobs(PARAMETRIC_10K);
    describeSamples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }

  report(
    'jdl',
    [
      { key: 'parse_us_20_lines', label: `parse a ${lines}-line JDL`, value: parseUs, unit: 'µs', target: 50 },
      { label: '  baseline: JSON.parse of the same data', value: jsonUs, unit: 'µs', baseline: true },
      { key: 'describe_us_20_lines', label: `  parse + validate (JobDescription)`, value: describeUs, unit: 'µs' },
      {
        key: 'corpus_parses_per_s',
        label: `corpus files parsed per second (${corpus.length})`,
        value: (corpus.length * 1e6) / corpusUs,
        unit: '/s',
      },
      { key: 'expand_10k_ms', label: 'expand a 10,000-job parametric JDL', value: median(expandSamples), unit: 'ms', target: 200 },
      { key: 'describe_10k_ms', label: '  parse + expand + validate 10,000 jobs', value: median(describeSamples), unit: 'ms' },
    ],
    json,
  );
}
