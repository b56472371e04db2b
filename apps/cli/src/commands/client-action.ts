import { MajoranaClientError } from '@majorana/client';
import type { CliIo } from '../cli-io.js';
import { EXIT_OK, EXIT_REFUSED, type ExitStatus } from '../program.js';

/**
 * Wraps a command that talks to the server: a refusal (or an unreachable server, a bad token) is one
 * line `majorana: <message>` on stderr and exit 1; the action returns its own exit code otherwise.
 */
export function clientAction<A extends unknown[]>(
  io: CliIo,
  status: ExitStatus,
  action: (...args: A) => Promise<number | void>,
): (...args: A) => Promise<void> {
  return async (...args: A): Promise<void> => {
    try {
      status.code = (await action(...args)) ?? EXIT_OK;
    } catch (error) {
      if (!(error instanceof MajoranaClientError)) {
        throw error;
      }
      io.stderr(`majorana: ${error.message}\n`);
      status.code = EXIT_REFUSED;
    }
  };
}

/** JSON for scripts: one document on stdout, nothing else there. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
