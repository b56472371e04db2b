import type { Command } from 'commander';
import type { JobActionResponse, MajoranaClient } from '@majorana/client';
import { CliUsageError, type CliIo } from '../../cli-io.js';
import { clientFromEnv } from '../../client-from-env.js';
import { parseJobIds } from '../../common/parse-job-ids.js';
import { EXIT_OK, EXIT_REFUSED, type ExitStatus } from '../../program.js';
import { clientAction, printJson } from '../client-action.js';
import { formatActionResults, formatExplanation, formatJobsTable, formatLogging, formatParameters } from './format-jobs.js';
import { downloadOutputs } from './job-output.command.js';
import { selectJobs, type SelectOptions } from './job-select.command.js';
import { submitJdlFiles } from './job-submit.command.js';

/** Destructive actions on more jobs than this need --yes: a typo in a job group should not kill a production. */
export const BULK_CONFIRMATION_THRESHOLD = 100;

interface JsonOption {
  json?: boolean;
}

/** `majorana job …`: submit, follow and act on jobs. IDs may be space- or comma-separated (`1,2 3`). */
export function registerJobCommands(program: Command, io: CliIo, status: ExitStatus): void {
  const job = program.command('job').description('submit jobs, follow them, fetch their output, kill, delete or reschedule them');
  const run = <A extends unknown[]>(action: (...args: A) => Promise<number | void>) => clientAction(io, status, action);
  const client = (): MajoranaClient => clientFromEnv(io);
  const oneId = (text: string): number => {
    const [id, ...more] = parseJobIds([text]);
    if (id === undefined || more.length > 0) {
      throw new CliUsageError(`give one job ID, got "${text}"`);
    }
    return id;
  };

  job
    .command('submit')
    .description('submit JDL files; local InputSandbox files (relative to the current folder) are uploaded')
    .argument('<jdl...>', 'JDL files (- for standard input)')
    .option('--json', 'print [{file, jobIds, warnings, error}] as JSON')
    .action(run((files: string[], options: JsonOption) => submitJdlFiles(io, files, options.json === true)));

  job
    .command('status')
    .description('status of jobs (unknown IDs are left out)')
    .argument('<ids...>', 'job IDs')
    .option('--json', 'print the jobs as JSON')
    .action(
      run(async (ids: string[], options: JsonOption) => {
        const jobs = await client().jobs(parseJobIds(ids));
        if (options.json) {
          printJson(io, jobs);
        } else {
          io.stdout(formatJobsTable(jobs));
        }
      }),
    );

  job
    .command('output')
    .description("download and unpack jobs' output sandboxes into DIR/<JobID>/")
    .argument('<ids...>', 'job IDs')
    .option('-D, --dir <dir>', 'where to put the job folders', '.')
    .action(run((ids: string[], options: { dir: string }) => downloadOutputs(io, parseJobIds(ids), options.dir)));

  const action = (name: string, verb: string, call: (client: MajoranaClient, ids: number[]) => Promise<JobActionResponse>): void => {
    job
      .command(name)
      .description(`${name} jobs (more than ${BULK_CONFIRMATION_THRESHOLD} need --yes)`)
      .argument('<ids...>', 'job IDs')
      .option('--yes', `confirm an action on more than ${BULK_CONFIRMATION_THRESHOLD} jobs`)
      .option('--json', 'print the per-job results as JSON')
      .action(
        run(async (ids: string[], options: JsonOption & { yes?: boolean }) => {
          const jobIds = parseJobIds(ids);
          if (jobIds.length > BULK_CONFIRMATION_THRESHOLD && options.yes !== true) {
            throw new CliUsageError(`this would ${name} ${jobIds.length} jobs: add --yes if you mean it`);
          }
          const { results } = await call(client(), jobIds);
          if (options.json) {
            printJson(io, results);
          } else {
            io.stdout(formatActionResults(verb, results));
          }
          return results.every((result) => result.result === 'done') ? EXIT_OK : EXIT_REFUSED;
        }),
      );
  };
  action('kill', 'killed', (api, ids) => api.killJobs(ids));
  action('delete', 'deleted', (api, ids) => api.deleteJobs(ids));
  action('reschedule', 'rescheduled', (api, ids) => api.rescheduleJobs(ids));

  job
    .command('logging')
    .description("a job's status history")
    .argument('<id>', 'job ID')
    .option('--json', 'print the records as JSON')
    .action(
      run(async (id: string, options: JsonOption) => {
        const records = await client().logging(oneId(id));
        if (options.json) {
          printJson(io, records);
        } else {
          io.stdout(formatLogging(records));
        }
      }),
    );

  job
    .command('peek')
    .description("the last lines of a running job's standard output (from its latest heartbeat)")
    .argument('<id>', 'job ID')
    .option('--json', 'print the heartbeat as JSON')
    .action(
      run(async (id: string, options: JsonOption) => {
        const peek = await client().peek(oneId(id));
        if (options.json) {
          printJson(io, peek);
        } else {
          io.stdout(peek.stdoutTail.endsWith('\n') || peek.stdoutTail === '' ? peek.stdoutTail : `${peek.stdoutTail}\n`);
        }
      }),
    );

  job
    .command('params')
    .description('the parameters a job reported (CPU time, wall clock, pilot, exit code, …)')
    .argument('<id>', 'job ID')
    .option('--json', 'print them as one JSON object')
    .action(
      run(async (id: string, options: JsonOption) => {
        const parameters = await client().parameters(oneId(id));
        if (options.json) {
          printJson(io, parameters);
        } else {
          io.stdout(formatParameters(parameters));
        }
      }),
    );

  job
    .command('jdl')
    .description("a job's JDL as Majorana runs it (or as submitted with --original)")
    .argument('<id>', 'job ID')
    .option('--original', 'the JDL as submitted')
    .option('--json', 'print {JobID, jdl} as JSON')
    .action(
      run(async (id: string, options: JsonOption & { original?: boolean }) => {
        const jdl = await client().jdl(oneId(id), { original: options.original === true });
        if (options.json) {
          printJson(io, jdl);
        } else {
          io.stdout(jdl.jdl.endsWith('\n') ? jdl.jdl : `${jdl.jdl}\n`);
        }
      }),
    );

  job
    .command('select')
    .description('jobs by attributes (comma lists allowed), oldest first')
    .option('--status <statuses>', 'e.g. Running,Waiting')
    .option('--minor-status <text>', 'MinorStatus')
    .option('--app-status <text>', 'ApplicationStatus')
    .option('--site <sites>', 'e.g. LCG.CPPM.fr')
    .option('--owner <users>', 'owner user name(s)')
    .option('--group <groups>', 'JobGroup(s)')
    .option('--name <names>', 'JobName(s)')
    .option('--since <date>', 'last updated on or after (YYYY-MM-DD, UTC, or an ISO time)')
    .option('--max <n>', 'at most this many (0 = all)', '100')
    .option('--json', 'print {total, jobs} as JSON')
    .action(run((options: SelectOptions) => selectJobs(io, options)));

  job
    .command('explain')
    .description('why is this job not running? each check computed now')
    .argument('<id>', 'job ID')
    .option('--json', 'print the checks as JSON')
    .action(
      run(async (id: string, options: JsonOption) => {
        const explanation = await client().explain(oneId(id));
        if (options.json) {
          printJson(io, explanation);
        } else {
          io.stdout(formatExplanation(explanation));
        }
      }),
    );
}
