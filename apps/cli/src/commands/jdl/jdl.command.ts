import type { Command } from 'commander';
import type { JdlError } from '@majorana/jdl';
import type { CliIo } from '../../cli-io.js';
import { EXIT_REFUSED, type ExitStatus } from '../../program.js';
import type { checkJdlFiles as CheckJdlFiles } from './jdl-check.command.js';
import type { expandJdlFile as ExpandJdlFile } from './jdl-expand.command.js';
import type { matchJdlFiles as MatchJdlFiles } from './jdl-match.command.js';
import type { showJdlFile as ShowJdlFile } from './jdl-show.command.js';

// The JDL library is imported by each action, not here: it loads class-validator, which would slow
// every other `majorana` command down (a `majorana job status` must not pay for it).
const checkJdlFiles: typeof CheckJdlFiles = async (...args) => (await import('./jdl-check.command.js')).checkJdlFiles(...args);
const expandJdlFile: typeof ExpandJdlFile = async (...args) => (await import('./jdl-expand.command.js')).expandJdlFile(...args);
const matchJdlFiles: typeof MatchJdlFiles = async (...args) => (await import('./jdl-match.command.js')).matchJdlFiles(...args);
const showJdlFile: typeof ShowJdlFile = async (...args) => (await import('./jdl-show.command.js')).showJdlFile(...args);

function isJdlError(error: unknown): error is JdlError {
  return error instanceof Error && error.name === 'JdlError' && typeof (error as Partial<JdlError>).format === 'function';
}

/** Adds `majorana jdl …` to `program`: the JDL tools, usable without a server. `-` reads standard input. */
export function registerJdlCommand(program: Command, io: CliIo, status: ExitStatus): Command {
  // .command() (not addCommand) so the subcommands inherit exitOverride and the output streams.
  const jdl = program.command('jdl').description('check, show, expand and match JDL job descriptions (no server needed)');
  // A refused JDL prints its error block on stderr and exits 1, whatever the command.
  const refusing =
    <A extends unknown[]>(action: (...args: A) => Promise<number>) =>
    async (...args: A): Promise<void> => {
      try {
        status.code = await action(...args);
      } catch (error) {
        if (!isJdlError(error)) {
          throw error;
        }
        io.stderr(`${error.format()}\n`);
        status.code = EXIT_REFUSED;
      }
    };

  jdl
    .command('check')
    .description('validate JDL files; exit 0 when every file is a valid job, else 1 with one error block per bad file')
    .argument('<files...>', 'JDL files (- for standard input)')
    .action(refusing((files: string[]) => checkJdlFiles(io, files)));

  jdl
    .command('show')
    .description('print the validated job description, defaults filled in')
    .argument('<file>', 'a JDL file (- for standard input)')
    .option('--json', 'print one flat JSON object keyed by DIRAC attribute names')
    .action(refusing((file: string, options: { json?: boolean }) => showJdlFile(io, file, options.json === true)));

  jdl
    .command('expand')
    .description('print the jobs a parametric JDL makes (a plain JDL makes one)')
    .argument('<file>', 'a JDL file (- for standard input)')
    .option('--json', 'print one JSON array of flat job objects')
    .action(refusing((file: string, options: { json?: boolean }) => expandJdlFile(io, file, options.json === true)));

  jdl
    .command('match')
    .description("evaluate a job against a resource ad: each side's Requirements and the job's Rank; exit 0 on a match, 1 on none")
    .argument('<job>', 'the job JDL (- for standard input)')
    .argument('<resource>', 'the resource ClassAd, e.g. a worker node or queue description')
    .option('--json', 'print the result as one JSON object')
    .action(
      refusing((job: string, resource: string, options: { json?: boolean }) => matchJdlFiles(io, job, resource, options.json === true)),
    );
  return jdl;
}
