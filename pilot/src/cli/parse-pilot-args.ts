import { parseArgs } from 'node:util';
import { CliUsageError } from './cli-usage.error.js';
import { toConnectUrl } from './connect-url.js';

/** Where the pilot credential comes from; read by `main`, so that parsing stays free of I/O. */
export type TokenSource = { readonly kind: 'value'; readonly token: string } | { readonly kind: 'file'; readonly path: string };

/** The pilot's command line, validated, with defaults applied where the pilot itself decides them. */
export interface PilotArgs {
  /** The `ws(s)://…/api/pilots/connect` URL. */
  readonly connectUrl: string;
  readonly token: TokenSource;
  /** Jobs at once; undefined lets resource discovery decide. */
  readonly slots: number | undefined;
  readonly site: string | undefined;
  readonly ce: string | undefined;
  /** Seconds this pilot may live; undefined lets resource discovery decide. */
  readonly maxTimeS: number | undefined;
  readonly cpuNormalization: number | undefined;
  /** @default 120 */
  readonly idleTimeoutS: number;
  /** @default 300 */
  readonly minTimeLeftS: number;
  /** @default 600 */
  readonly reconnectTimeoutS: number;
  /** @default the current directory */
  readonly workDir: string | undefined;
  readonly pilotRef: string | undefined;
}

export type PilotCommand = { readonly kind: 'run'; readonly args: PilotArgs } | { readonly kind: 'help' } | { readonly kind: 'version' };

const options = {
  server: { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  slots: { type: 'string' },
  'cpu-normalization': { type: 'string' },
  site: { type: 'string' },
  ce: { type: 'string' },
  'max-time': { type: 'string' },
  'idle-timeout': { type: 'string' },
  'min-time-left': { type: 'string' },
  'reconnect-timeout': { type: 'string' },
  'work-dir': { type: 'string' },
  'pilot-ref': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

/**
 * Reads the command line (without `node` and the script) and the environment (only
 * `MAJORANA_PILOT_TOKEN`, a way to pass the credential that `ps` does not show).
 * @throws CliUsageError naming the option to fix
 */
export function parsePilotArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): PilotCommand {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new CliUsageError('unknown-option', error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) {
    return { kind: 'help' };
  }
  if (values.version === true) {
    return { kind: 'version' };
  }
  if (values.server === undefined) {
    throw new CliUsageError('missing-option', '--server URL is required');
  }
  return {
    kind: 'run',
    args: {
      connectUrl: toConnectUrl(values.server),
      token: tokenSource(values.token, values['token-file'], env['MAJORANA_PILOT_TOKEN']),
      slots: optionalNumber('--slots', values.slots, { integer: true, min: 1 }),
      site: nonEmpty('--site', values.site),
      ce: nonEmpty('--ce', values.ce),
      maxTimeS: optionalNumber('--max-time', values['max-time'], { integer: false, min: 1 }),
      cpuNormalization: optionalNumber('--cpu-normalization', values['cpu-normalization'], { integer: false, min: 0.001 }),
      idleTimeoutS: optionalNumber('--idle-timeout', values['idle-timeout'], { integer: false, min: 0 }) ?? 120,
      minTimeLeftS: optionalNumber('--min-time-left', values['min-time-left'], { integer: false, min: 0 }) ?? 300,
      reconnectTimeoutS: optionalNumber('--reconnect-timeout', values['reconnect-timeout'], { integer: false, min: 1 }) ?? 600,
      workDir: nonEmpty('--work-dir', values['work-dir']),
      // A CE driver names the pilot through MAJORANA_PILOT_REF (libs/ce PILOT_REF_ENV) when it cannot change the command line.
      pilotRef: nonEmpty('--pilot-ref', values['pilot-ref'] ?? env['MAJORANA_PILOT_REF']),
    },
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
}

function tokenSource(token: string | undefined, file: string | undefined, fromEnv: string | undefined): TokenSource {
  if (token !== undefined && file !== undefined) {
    throw new CliUsageError('invalid-value', 'give either --token or --token-file, not both');
  }
  if (file !== undefined) {
    return { kind: 'file', path: nonEmpty('--token-file', file) ?? file };
  }
  const value = token ?? fromEnv;
  if (value === undefined || value.trim() === '') {
    throw new CliUsageError('missing-option', 'the pilot credential is required: --token-file FILE, --token TOKEN or MAJORANA_PILOT_TOKEN');
  }
  return { kind: 'value', token: value.trim() };
}

function nonEmpty(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') {
    throw new CliUsageError('invalid-value', `${name} must not be empty`);
  }
  return value;
}

function optionalNumber(name: string, raw: string | undefined, rule: { integer: boolean; min: number }): number | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const value = Number(raw);
  const wellFormed = raw.trim() !== '' && Number.isFinite(value) && (!rule.integer || Number.isInteger(value));
  if (!wellFormed || value < rule.min) {
    const kind = rule.integer ? 'an integer' : 'a number of seconds';
    throw new CliUsageError('invalid-value', `${name} must be ${kind} ≥ ${rule.min}, not ${JSON.stringify(raw)}`);
  }
  return value;
}
