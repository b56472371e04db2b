import { AuthenticationError, MajoranaClientError, ServerUnreachableError, type MajoranaClient } from '@majorana/client';
import { CliUsageError, type CliIo } from '../cli-io.js';
import { clientFromEnv } from '../client-from-env.js';
import { diracHelp, DiracUsageError, parseDiracArgs, type DiracCommandSpec, type ParsedDiracArgs } from './dirac-options.js';

/** DIRAC's exit codes: 0 success, 1 a bad command line, 2 any item failed. */
export const DIRAC_OK = 0;
export const DIRAC_USAGE = 1;
export const DIRAC_FAILED = 2;

/** What a DIRAC command's body gets: its arguments, a client made on first use, and DIRAC's way of reporting. */
export class DiracContext {
  private madeClient: MajoranaClient | undefined;
  /** Set by `fail`: the command then exits 2, as DIRAC does when any item failed. */
  failed = false;
  /** An exit code of the command's own (dirac-proxy-info exits 1 without a proxy), over the above. */
  exitCode: number | undefined;

  constructor(
    readonly io: CliIo,
    readonly args: ParsedDiracArgs,
    private readonly makeClient: (io: CliIo) => MajoranaClient,
  ) {}

  get client(): MajoranaClient {
    this.madeClient ??= this.makeClient(this.io);
    return this.madeClient;
  }

  /** A line on stdout (DIRAC prints its messages there, bare). */
  print(line: string): void {
    this.io.stdout(line.endsWith('\n') ? line : `${line}\n`);
  }

  /** `ERROR <item>: <message>` (or `ERROR: <message>` without an item), and exit 2 at the end. */
  fail(item: string | number | undefined, message: string): void {
    this.failed = true;
    this.print(item === undefined ? `ERROR: ${message}` : `ERROR ${item}: ${message}`);
  }

  option(name: string): string | undefined {
    return this.args.options.get(name)?.at(-1);
  }

  has(name: string): boolean {
    return this.args.options.has(name);
  }

  /**
   * Runs `action` per item, turning a refusal of one item into its `ERROR <item>: …` line and going on
   * with the others. An unreachable server or a bad token stops the whole command: the same line for
   * every item would only hide it.
   */
  async forEach<T>(items: readonly T[], action: (item: T) => Promise<void>, label: (item: T) => string = String): Promise<void> {
    for (const item of items) {
      try {
        await action(item);
      } catch (error) {
        if (!(error instanceof MajoranaClientError) || isFatal(error)) {
          throw error;
        }
        this.fail(label(item), error.message);
      }
    }
  }
}

/** One DIRAC-compatible command: its help and options, and what it does. */
export interface DiracCommand {
  readonly spec: DiracCommandSpec;
  run(context: DiracContext): Promise<void>;
}

export function isFatal(error: MajoranaClientError): boolean {
  return error instanceof ServerUnreachableError || error instanceof AuthenticationError;
}

/** Runs one DIRAC command line to its exit code; never calls process.exit. */
export async function runDiracCommand(
  command: DiracCommand,
  argv: readonly string[],
  io: CliIo,
  makeClient: (io: CliIo) => MajoranaClient = clientFromEnv,
): Promise<number> {
  let args: ParsedDiracArgs;
  try {
    args = parseDiracArgs(command.spec, argv);
  } catch (error) {
    if (!(error instanceof DiracUsageError)) {
      throw error;
    }
    io.stdout(`Error when parsing command line arguments: ${error.message}\n${diracHelp(command.spec)}`);
    return error.exitCode;
  }
  if (args.help) {
    io.stdout(diracHelp(command.spec));
    return DIRAC_OK;
  }
  const context = new DiracContext(io, args, makeClient);
  try {
    await command.run(context);
  } catch (error) {
    if (error instanceof CliUsageError) {
      context.print(`ERROR: ${error.message}`);
      return DIRAC_USAGE;
    }
    if (!(error instanceof MajoranaClientError)) {
      throw error;
    }
    context.fail(undefined, error.message);
  }
  return context.exitCode ?? (context.failed ? DIRAC_FAILED : DIRAC_OK);
}
