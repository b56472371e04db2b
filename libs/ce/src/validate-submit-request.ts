import { isAbsolute } from 'node:path';
import { PILOT_REF_ENV, type SubmitPilotsRequest } from './computing-element.js';
import { CeErrorCode, CeException } from './errors/ce.exception.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Refuses a malformed submission with `invalid-request` before any driver acts on it, so every driver
 * refuses the same things. Paths must be absolute because a batch job starts in a directory we do not
 * choose; a NUL byte cannot cross exec(); the pilot ref variable is the CE's to set.
 */
export function validateSubmitRequest(request: SubmitPilotsRequest): void {
  const { count, pilotCommand: launch } = request;
  const invalid = (message: string): CeException => new CeException(CeErrorCode.InvalidRequest, message);
  if (!Number.isSafeInteger(count) || count < 0) {
    throw invalid(`Cannot submit ${String(count)} pilots: the count must be a whole number ≥ 0.`);
  }
  for (const [what, path] of [
    ['executable', launch.executable],
    ['script', launch.script],
  ] as const) {
    if (typeof path !== 'string' || !isAbsolute(path) || path.includes('\0')) {
      throw invalid(`The pilot ${what} ${JSON.stringify(path)} must be an absolute path.`);
    }
  }
  launch.args.forEach((arg, i) => {
    if (typeof arg !== 'string' || arg.includes('\0')) {
      throw invalid(`Pilot argument ${i} must be a string without NUL bytes.`);
    }
  });
  for (const [name, value] of Object.entries(launch.env)) {
    if (!ENV_NAME.test(name) || typeof value !== 'string' || value.includes('\0')) {
      throw invalid(`Pilot environment variable ${JSON.stringify(name)} must be a name of letters, digits and "_" with a string value.`);
    }
    if (name === PILOT_REF_ENV) {
      throw invalid(`${PILOT_REF_ENV} is set by the computing element; leave it out of the pilot's environment.`);
    }
  }
}
