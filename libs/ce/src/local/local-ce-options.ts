import { availableParallelism } from 'node:os';
import { isAbsolute } from 'node:path';
import { type CeClock, systemCeClock } from '../ce-clock.js';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { type CeLogger, stderrCeLogger } from '../logging/ce-logger.js';
import { CE_NAME_PATTERN } from '../pilot-ref.js';
import { ChildProcessSpawner } from './child-process.spawner.js';
import type { ProcessSpawner } from './process-spawner.js';

/** How much of each of a pilot's stdout and stderr pilotOutput() returns: its last 1 MiB. */
export const DEFAULT_OUTPUT_TAIL_BYTES = 1024 * 1024;

/**
 * The variables of the server's own environment a Local pilot inherits by default: what a process
 * needs to run and find things, and nothing more. The server's environment holds secrets (the
 * database URL with its password, the token secret) that the user jobs a pilot runs must not see.
 */
export const PILOT_INHERITED_ENV = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR'] as const;

export interface LocalCeOptions {
  /** The CE name (letters, digits, `.`, `_`, `-`); it appears in pilot refs and the pilot's `--ce`. */
  readonly name: string;
  readonly site: string;
  /** Absolute; holds the pilot index and one directory per pilot. Created if missing. */
  readonly workDir: string;
  /** The most pilots running at once. @default 1 (one pilot using every slot of the machine) */
  readonly maxPilots?: number;
  /**
   * Job slots per pilot. The server passes MAJORANA_LOCAL_SLOTS here.
   * @default max(os.availableParallelism(), 4)
   */
  readonly slotsPerPilot?: number;
  /** How long a cancelled pilot has between SIGTERM and SIGKILL, in ms. @default 10000 */
  readonly killGraceMs?: number;
  /** See {@link DEFAULT_OUTPUT_TAIL_BYTES}. */
  readonly outputTailBytes?: number;
  /** The environment every pilot starts from, before its launch's `env`. @default the {@link PILOT_INHERITED_ENV} variables of this process */
  readonly baseEnv?: Readonly<Record<string, string>>;
  /** @default a {@link ChildProcessSpawner} */
  readonly spawner?: ProcessSpawner;
  readonly clock?: CeClock;
  /** @default one JSON line per warning on stderr */
  readonly logger?: CeLogger;
}

export type ResolvedLocalCeOptions = Required<LocalCeOptions>;

/** The options with their defaults, or `invalid-configuration` naming the first bad one. */
export function resolveLocalCeOptions(options: LocalCeOptions): ResolvedLocalCeOptions {
  const invalid = (option: string, value: unknown, expected: string): CeException =>
    new CeException(CeErrorCode.InvalidConfiguration, `Local CE option ${option} is ${JSON.stringify(value)}; expected ${expected}.`, {
      option,
    });
  if (!CE_NAME_PATTERN.test(options.name)) {
    throw invalid('name', options.name, 'letters, digits, ".", "_" or "-" (at most 128, not starting with ".")');
  }
  if (options.site.trim() === '') {
    throw invalid('site', options.site, 'a site name');
  }
  if (!isAbsolute(options.workDir)) {
    throw invalid('workDir', options.workDir, 'an absolute path');
  }
  const resolved: ResolvedLocalCeOptions = {
    name: options.name,
    site: options.site,
    workDir: options.workDir,
    maxPilots: options.maxPilots ?? 1,
    slotsPerPilot: options.slotsPerPilot ?? Math.max(availableParallelism(), 4),
    killGraceMs: options.killGraceMs ?? 10_000,
    outputTailBytes: options.outputTailBytes ?? DEFAULT_OUTPUT_TAIL_BYTES,
    baseEnv: options.baseEnv ?? inheritedEnv(),
    spawner: options.spawner ?? new ChildProcessSpawner(),
    clock: options.clock ?? systemCeClock,
    logger: options.logger ?? stderrCeLogger,
  };
  for (const option of ['maxPilots', 'slotsPerPilot', 'outputTailBytes'] as const) {
    if (!Number.isSafeInteger(resolved[option]) || resolved[option] < 1) {
      throw invalid(option, resolved[option], 'a whole number ≥ 1');
    }
  }
  if (!Number.isSafeInteger(resolved.killGraceMs) || resolved.killGraceMs < 0) {
    throw invalid('killGraceMs', resolved.killGraceMs, 'a whole number of milliseconds ≥ 0');
  }
  return resolved;
}

// The one place this library reads process.env: to pass a few harmless variables on to pilots.
function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PILOT_INHERITED_ENV) {
    const value = process.env[name];
    if (value !== undefined) {
      env[name] = value;
    }
  }
  return env;
}
