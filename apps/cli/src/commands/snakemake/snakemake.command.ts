import type { Command } from 'commander';
import { MajoranaClientError } from '@majorana/client';
import type { CliIo } from '../../cli-io.js';
import { EXIT_OK, EXIT_REFUSED, type ExitStatus } from '../../program.js';
import { cancelJobs } from './snakemake-cancel.command.js';
import { printJobStatus, type JobStatusOptions } from './snakemake-status.command.js';
import { submitJobscript, type SubmitJobscriptOptions } from './snakemake-submit.command.js';

/**
 * `majorana snakemake submit|status|cancel`: the commands Snakemake 7's generic cluster mode runs,
 * once per job, through the profile in clients/snakemake. They load no server code, so each starts
 * in a fraction of a second.
 */
export function registerSnakemakeCommands(program: Command, io: CliIo, status: ExitStatus): void {
  const snakemake = program
    .command('snakemake')
    .description('the commands of the Snakemake profile (snakemake --profile clients/snakemake): submit, status, cancel');
  // Server refusals are one line and exit 1; usage errors reach runCli (exit 2).
  const refusing =
    <A extends unknown[]>(action: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      try {
        await action(...args);
        status.code = EXIT_OK;
      } catch (error) {
        if (!(error instanceof MajoranaClientError)) {
          throw error;
        }
        io.stderr(`majorana: ${error.message}\n`);
        status.code = EXIT_REFUSED;
      }
    };

  snakemake
    .command('submit')
    .description("submit a Snakemake jobscript to run in place (shared filesystem); prints only the JobID (Snakemake's --cluster)")
    .argument('<jobscript>', 'the jobscript Snakemake wrote')
    .option('--name <name>', 'JobName (default: <rule>.<jobid> from the jobscript)')
    .option('--threads <n>', "NumberOfProcessors (default: the rule's threads from the jobscript)")
    .option('--group <jobGroup>', 'JobGroup, to select the workflow’s jobs later')
    .option('--cpu-time <seconds>', "CPUTime (default: the server's)")
    .action(refusing((jobscript: string, options: SubmitJobscriptOptions) => submitJobscript(io, jobscript, options)));

  snakemake
    .command('status')
    .description("print running, success or failed for a JobID, always exiting 0 (Snakemake's --cluster-status)")
    .argument('<jobid>', 'what submit printed')
    .option('--max-age <ms>', 'answer from the shared cache when its status is this fresh (default 2000)')
    .option('--deadline <seconds>', 'how long server errors answer running before failed (default 300)')
    .action(async (jobId: string, options: JobStatusOptions) => {
      await printJobStatus(io, jobId, options);
      status.code = EXIT_OK;
    });

  snakemake
    .command('cancel')
    .description("kill jobs with one request (Snakemake's --cluster-cancel, through clients/snakemake/majorana-cancel)")
    .argument('<jobids...>', 'JobIDs, separated by spaces or commas')
    .action(refusing((jobIds: string[]) => cancelJobs(io, jobIds)));
}
