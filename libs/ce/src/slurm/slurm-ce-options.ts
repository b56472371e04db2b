import { isAbsolute } from 'node:path';
import { type CeClock, systemCeClock } from '../ce-clock.js';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { DEFAULT_OUTPUT_TAIL_BYTES, PILOT_INHERITED_ENV } from '../local/local-ce-options.js';
import { type CeLogger, stderrCeLogger } from '../logging/ce-logger.js';
import { CE_NAME_PATTERN } from '../pilot-ref.js';
import type { CommandRunner } from '../shell/command-runner.js';

/**
 * A Slurm CE as a site admin declares it. Plain data apart from the injectables at the end, so the
 * agents can build it from the config file. Every command (`sbatch`, `squeue`, `scancel`, `tail`…)
 * goes through `runner`: a {@link LocalCommandRunner} on a submit host, an SSH runner otherwise.
 */
export interface SlurmCeOptions {
  /** The CE name (letters, digits, `.`, `_`, `-`); it appears in pilot refs `slurm://<name>/<jobid>`. */
  readonly name: string;
  readonly site: string;
  /**
   * Absolute path on the submit host, on a file system the worker nodes share (Slurm writes the
   * pilots' output there and the pilots start there). Holds the pilot index `pilots.json`, the
   * `pilots/` folder (`<jobid>.out|.err|.exit`, and `<jobid>/` where the pilot runs) and shipped pilot
   * scripts. Created if missing. No `%`, `\` or line breaks (Slurm's `--output` patterns).
   */
  readonly workDir: string;
  /** `sbatch --partition`. @default the cluster's default partition */
  readonly partition?: string;
  /**
   * `sbatch --time` in minutes: the longest a pilot may hold its slot. Give it more than the pilot's
   * own `--max-time`, so the pilot leaves on its own before Slurm kills it.
   * @default the partition's limit
   */
  readonly timeLimitMinutes?: number;
  /** The most pilots queued or running at once. @default 10 */
  readonly maxPilots?: number;
  /** Job slots per pilot, requested as `--cpus-per-task`. @default 1 */
  readonly slotsPerPilot?: number;
  /**
   * More `sbatch` options, one argv word each (`['--account=phys', '--mem=4G']`). They come after
   * the driver's own, so they win where Slurm lets a later option win.
   * @default []
   */
  readonly extraSbatchArgs?: readonly string[];
  /**
   * Copy the launch's pilot script (a path on the agents machine) into the work directory with
   * `runner.copyFile` and run that copy. Needed when the submit host is reached over SSH and does not
   * see the agents' files; the copy is made once per script content.
   * @default false (the launch's script path is used as the worker node sees it)
   */
  readonly shipPilotScript?: boolean;
  /**
   * The variables of the submit host's environment that reach the pilot (with the launch's own
   * `env`, `MAJORANA_PILOT_REF` and Slurm's `SLURM_*`). `sbatch` is run with only these and the
   * `SLURM_*`/`SBATCH_*` client settings, so secrets of the agents' environment never enter a batch job.
   * @default PILOT_INHERITED_ENV (PATH, HOME, USER, LOGNAME, SHELL, LANG, LC_ALL, LC_CTYPE, TZ, TMPDIR)
   */
  readonly inheritedEnv?: readonly string[];
  /** See {@link DEFAULT_OUTPUT_TAIL_BYTES}. */
  readonly outputTailBytes?: number;
  /** Per command run on the submit host, in ms. @default 60000 */
  readonly commandTimeoutMs?: number;
  readonly runner: CommandRunner;
  readonly clock?: CeClock;
  /** @default one JSON line per warning on stderr */
  readonly logger?: CeLogger;
}

export interface ResolvedSlurmCeOptions extends Required<Omit<SlurmCeOptions, 'partition' | 'timeLimitMinutes'>> {
  readonly partition: string | undefined;
  readonly timeLimitMinutes: number | undefined;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SLURM_WORD = /^[A-Za-z0-9._-]+$/;
const UNSAFE_PATH_CHARACTERS = /[%\\\n\r\0]/;

/** The options with their defaults, or `invalid-configuration` naming the first bad one. */
export function resolveSlurmCeOptions(options: SlurmCeOptions): ResolvedSlurmCeOptions {
  const invalid = (option: string, value: unknown, expected: string): CeException =>
    new CeException(CeErrorCode.InvalidConfiguration, `Slurm CE option ${option} is ${JSON.stringify(value)}; expected ${expected}.`, {
      option,
    });
  if (!CE_NAME_PATTERN.test(options.name)) {
    throw invalid('name', options.name, 'letters, digits, ".", "_" or "-" (at most 128, not starting with ".")');
  }
  if (options.site.trim() === '') {
    throw invalid('site', options.site, 'a site name');
  }
  if (!isAbsolute(options.workDir) || UNSAFE_PATH_CHARACTERS.test(options.workDir)) {
    throw invalid('workDir', options.workDir, 'an absolute path without "%", "\\" or line breaks');
  }
  if (options.partition !== undefined && !SLURM_WORD.test(options.partition)) {
    throw invalid('partition', options.partition, 'a Slurm partition name (letters, digits, ".", "_", "-")');
  }
  const resolved: ResolvedSlurmCeOptions = {
    name: options.name,
    site: options.site,
    workDir: options.workDir.replace(/(.)\/+$/, '$1'),
    partition: options.partition,
    timeLimitMinutes: options.timeLimitMinutes,
    maxPilots: options.maxPilots ?? 10,
    slotsPerPilot: options.slotsPerPilot ?? 1,
    extraSbatchArgs: options.extraSbatchArgs ?? [],
    shipPilotScript: options.shipPilotScript ?? false,
    inheritedEnv: options.inheritedEnv ?? PILOT_INHERITED_ENV,
    outputTailBytes: options.outputTailBytes ?? DEFAULT_OUTPUT_TAIL_BYTES,
    commandTimeoutMs: options.commandTimeoutMs ?? 60_000,
    runner: options.runner,
    clock: options.clock ?? systemCeClock,
    logger: options.logger ?? stderrCeLogger,
  };
  for (const option of ['maxPilots', 'slotsPerPilot', 'outputTailBytes', 'commandTimeoutMs'] as const) {
    if (!Number.isSafeInteger(resolved[option]) || resolved[option] < 1) {
      throw invalid(option, resolved[option], 'a whole number ≥ 1');
    }
  }
  if (resolved.timeLimitMinutes !== undefined && (!Number.isSafeInteger(resolved.timeLimitMinutes) || resolved.timeLimitMinutes < 1)) {
    throw invalid('timeLimitMinutes', resolved.timeLimitMinutes, 'a whole number of minutes ≥ 1');
  }
  const badArg = resolved.extraSbatchArgs.find((arg) => typeof arg !== 'string' || !arg.startsWith('-') || arg.includes('\0'));
  if (badArg !== undefined) {
    throw invalid('extraSbatchArgs', badArg, 'sbatch options, one word each, starting with "-" (such as "--mem=4G")');
  }
  const badName = resolved.inheritedEnv.find((name) => !ENV_NAME.test(name));
  if (badName !== undefined) {
    throw invalid('inheritedEnv', badName, 'environment variable names (letters, digits and "_")');
  }
  return resolved;
}
