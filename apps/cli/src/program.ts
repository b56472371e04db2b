import { Command, CommanderError } from 'commander';
import { CliUsageError, type CliIo } from './cli-io.js';
import { registerAdminCommands } from './commands/admin/admin.command.js';
import { registerJdlCommand } from './commands/jdl/jdl.command.js';
import { registerJobCommands } from './commands/job/job.command.js';
import { registerLoginCommands } from './commands/login/login.command.js';
import { registerPilotCommands } from './commands/pilot/pilot.command.js';
import { registerSiteCommands } from './commands/site/site.command.js';
import { registerServerCommands } from './commands/server/server.command.js';
import { registerSnakemakeCommands } from './commands/snakemake/snakemake.command.js';

/** Exit codes every command keeps: 0 success, 1 the input was refused (or did not match), 2 a usage problem. */
export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

/** Where a command puts its exit status (commander's actions return nothing we can use). */
export interface ExitStatus {
  code: number;
}

export function buildProgram(io: CliIo, status: ExitStatus): Command {
  const program = new Command('majorana')
    .description('Majorana: a pilot-based grid workload management system (DIRAC-compatible JDL)')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) })
    .exitOverride();
  registerServerCommands(program, io, status);
  registerJdlCommand(program, io, status);
  registerAdminCommands(program, io, status);
  registerJobCommands(program, io, status);
  registerSiteCommands(program, io, status);
  registerPilotCommands(program, io, status);
  registerLoginCommands(program, io, status);
  registerSnakemakeCommands(program, io, status);
  return program;
}

/** Runs the `majorana` command line and resolves to its exit code; never calls process.exit itself. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const status: ExitStatus = { code: EXIT_OK };
  const program = buildProgram(io, status);
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT_OK;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; they exit 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof CliUsageError || isConfigError(error)) {
      io.stderr(`majorana: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** Start-up refusals (bad MAJORANA_* values, a bad config file, an unreachable database, an old schema) are the user's to fix: one line, no stack. */
function isConfigError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ServerConfigError' || error.name === 'ServerStartupError');
}
