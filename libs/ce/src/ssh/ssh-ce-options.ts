import { isAbsolute, posix } from 'node:path';
import { type CeClock, systemCeClock } from '../ce-clock.js';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { DEFAULT_OUTPUT_TAIL_BYTES } from '../local/local-ce-options.js';
import { type CeLogger, stderrCeLogger } from '../logging/ce-logger.js';
import { CE_NAME_PATTERN } from '../pilot-ref.js';
import type { CommandRunner } from '../shell/command-runner.js';
import { SshCommandRunner } from './ssh-command-runner.js';
import { describeSshTarget, resolveSshConnectionOptions, type SshConnectionOptions } from './ssh-connection-options.js';

/**
 * An SSH computing element: pilots started as detached processes on one remote host. What a site admin
 * declares for it (the config file maps onto this object one to one).
 */
export interface SshCeOptions {
  /** The CE name (letters, digits, `.`, `_`, `-`); it appears in pilot refs and the pilot's `--ce`. */
  readonly name: string;
  readonly site: string;
  /** Local, absolute: holds this CE's pilot index (`ssh-pilots.json`) and lock. Created if missing. */
  readonly workDir: string;
  /** How to log in to the host. Required unless `runner` is given. */
  readonly connection?: SshConnectionOptions;
  /**
   * Absolute path on the remote host: the shipped pilot and one directory per pilot (its pid, exit
   * status, stdout and stderr). Created if missing; the remote user must be able to write there.
   */
  readonly remoteWorkDir: string;
  /** The node binary on the remote host (Node ≥ 20.19). @default the launch's `executable` (right when both hosts install node alike) */
  readonly remoteNodePath?: string;
  /**
   * Copy the launch's `script` (a file on this machine, the bundled pilot) into `remoteWorkDir`, once per
   * content, and run that copy. `false` runs the launch's `script` path as the remote host sees it
   * (a pilot installed there). @default true
   */
  readonly shipPilot?: boolean;
  /** The most pilots active at once on the host. @default 1 */
  readonly maxPilots?: number;
  /** Job slots per pilot: size it to the host's cores divided by `maxPilots`. @default 1 */
  readonly slotsPerPilot?: number;
  /** How long a cancelled pilot has between SIGTERM and SIGKILL, in ms. @default 10000 */
  readonly killGraceMs?: number;
  /** How much of each of a pilot's stdout and stderr pilotOutput() returns. @default 1 MiB */
  readonly outputTailBytes?: number;
  /**
   * Variables every pilot gets before its launch's `env`. The pilot otherwise has the remote login
   * environment (sshd's PATH, HOME, USER…), not this server's. @default {}
   */
  readonly baseEnv?: Readonly<Record<string, string>>;
  /** Where the remote commands run. @default an {@link SshCommandRunner} on `connection`; the CE closes it */
  readonly runner?: CommandRunner;
  readonly clock?: CeClock;
  /** @default one JSON line per warning on stderr */
  readonly logger?: CeLogger;
}

export interface ResolvedSshCeOptions {
  readonly name: string;
  readonly site: string;
  readonly workDir: string;
  readonly remoteWorkDir: string;
  /** `ssh://user@host:port/remote/work/dir`, recorded in the index. */
  readonly remote: string;
  readonly remoteNodePath: string | null;
  readonly shipPilot: boolean;
  readonly maxPilots: number;
  readonly slotsPerPilot: number;
  readonly killGraceMs: number;
  readonly outputTailBytes: number;
  readonly baseEnv: Readonly<Record<string, string>>;
  readonly runner: CommandRunner;
  readonly clock: CeClock;
  readonly logger: CeLogger;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The options with their defaults, or `invalid-configuration` naming the first bad one. Opens no connection. */
export function resolveSshCeOptions(options: SshCeOptions): ResolvedSshCeOptions {
  const invalid = (option: string, value: unknown, expected: string): CeException =>
    new CeException(CeErrorCode.InvalidConfiguration, `SSH CE option ${option} is ${JSON.stringify(value)}; expected ${expected}.`, {
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
  for (const option of ['remoteWorkDir', 'remoteNodePath'] as const) {
    const path: unknown = options[option];
    const required = option === 'remoteWorkDir';
    if ((path !== undefined || required) && !isRemoteAbsolutePath(path)) {
      throw invalid(option, path, 'an absolute path on the remote host');
    }
  }
  for (const [name, value] of Object.entries(options.baseEnv ?? {})) {
    if (!ENV_NAME.test(name) || value.includes('\0')) {
      throw invalid(`baseEnv.${name}`, value, 'a variable name of letters, digits and "_" with a value without NUL bytes');
    }
  }
  const { connection, runner } = options;
  let target: string;
  let makeRunner: () => CommandRunner;
  if (runner !== undefined) {
    target = runner.description;
    makeRunner = () => runner;
  } else if (connection !== undefined) {
    target = describeSshTarget(resolveSshConnectionOptions(connection));
    makeRunner = () => new SshCommandRunner(connection);
  } else {
    throw invalid('connection', undefined, 'the { host, port, user, identityFile, knownHostsFile } to log in with');
  }
  const remoteWorkDir = posix.normalize(options.remoteWorkDir).replace(/(.)\/$/, '$1');
  const resolved: Omit<ResolvedSshCeOptions, 'runner'> = {
    name: options.name,
    site: options.site,
    workDir: options.workDir,
    remoteWorkDir,
    remote: `${target}${remoteWorkDir}`,
    remoteNodePath: options.remoteNodePath ?? null,
    shipPilot: options.shipPilot ?? true,
    maxPilots: options.maxPilots ?? 1,
    slotsPerPilot: options.slotsPerPilot ?? 1,
    killGraceMs: options.killGraceMs ?? 10_000,
    outputTailBytes: options.outputTailBytes ?? DEFAULT_OUTPUT_TAIL_BYTES,
    baseEnv: options.baseEnv ?? {},
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
  // Last, once everything else is valid (it opens nothing until its first command).
  return { ...resolved, runner: makeRunner() };
}

function isRemoteAbsolutePath(path: unknown): path is string {
  return typeof path === 'string' && posix.isAbsolute(path) && !path.includes('\0') && !path.includes('\n');
}
