import { availableParallelism, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

/**
 * Everything the server reads from its environment, read once at start-up (nothing else reads
 * process.env). Each field documents its variable and default.
 */
export class ServerConfig {
  /** MAJORANA_HOME: where the embedded database, the token secret and the admin token live. @default ~/.majorana */
  @IsString()
  home!: string;

  /** MAJORANA_HOST: the address to listen on. @default 127.0.0.1 (only this machine) */
  @IsString()
  host = '127.0.0.1';

  /** MAJORANA_PORT: the port to listen on; 0 picks a free one. @default 8440 */
  @IsInt()
  @Min(0)
  @Max(65535)
  port = 8440;

  /** MAJORANA_DB_URL: `mysql://user:pass@host:3306/db` for MariaDB/MySQL; unset = SQLite at $MAJORANA_HOME/majorana.sqlite. */
  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/[^/]+\/[A-Za-z0-9_$]+(\?.*)?$/, {
    message: 'MAJORANA_DB_URL must look like mysql://user:password@host:3306/database',
  })
  dbUrl?: string;

  /** MAJORANA_CONFIG: the JSON file with the VO, groups and users. @default $MAJORANA_HOME/majorana.json (optional) */
  @IsString()
  configFile!: string;

  /** MAJORANA_MAX_RESCHEDULING: how often a job is rescheduled before it fails. @default 3 (DIRAC's MaxRescheduling) */
  @IsInt()
  @Min(0)
  @Max(100)
  maxRescheduling = 3;

  /** MAJORANA_MAX_PARAMETRIC_JOBS: most jobs one submission may make. @default 10000 */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  maxParametricJobs = 10_000;

  /** MAJORANA_MAX_BODY_BYTES: largest request body. @default 16 MiB (a 10,000-job bulk submission fits) */
  @IsInt()
  @Min(1024)
  maxBodyBytes = 16 * 1024 * 1024;

  /** MAJORANA_HEARTBEAT_S: how often pilots send a heartbeat for their jobs. @default 30 */
  @IsInt()
  @Min(1)
  @Max(3600)
  heartbeatIntervalS = 30;

  /** MAJORANA_STALLED_AFTER_S: a Running job without a heartbeat for this long is Stalled. @default 300 (DIRAC: 75 min) */
  @IsInt()
  @Min(10)
  @Max(7 * 24 * 3600)
  stalledAfterS = 300;

  /** MAJORANA_WALL_CLOCK_LIMIT_S: longest a job may run before its pilot kills it. @default 259200 (3 days) */
  @IsInt()
  @Min(60)
  wallClockLimitS = 3 * 24 * 3600;

  /** MAJORANA_CPU_LIMIT_PERCENT: a job is killed beyond this share of its normalised CPUTime. @default 120 (DIRAC's +20%) */
  @IsInt()
  @Min(100)
  @Max(1000)
  cpuLimitPercent = 120;

  /** MAJORANA_LOCAL_SLOTS: slots of each pilot of the embedded Local CE. @default max(cores, 4) */
  @IsInt()
  @Min(1)
  @Max(1024)
  localSlots = Math.max(availableParallelism(), 4);

  /** MAJORANA_LOCAL_PILOTS: pilots the embedded Local CE runs at once (0 turns it off). @default 2 */
  @IsInt()
  @Min(0)
  @Max(64)
  localPilots = 2;

  /** MAJORANA_STALLED_CHECK_S: how often the stalled-job agent looks for silent jobs and lost pilots. @default 30 */
  @IsInt()
  @Min(1)
  @Max(3600)
  stalledCheckIntervalS = 30;

  /** MAJORANA_SITE_DIRECTOR_S: how often the Local site director looks for work (it also wakes when jobs wait). @default 2 */
  @IsInt()
  @Min(1)
  @Max(300)
  siteDirectorIntervalS = 2;

  /** MAJORANA_PILOT_STATUS_S: how often the pilot status agent asks the Local CE which pilots ended. @default 10 */
  @IsInt()
  @Min(1)
  @Max(3600)
  pilotStatusIntervalS = 10;

  /** MAJORANA_LOCAL_PILOT_IDLE_S: a Local pilot leaves after this long without a job (its --idle-timeout). @default 30 */
  @IsInt()
  @Min(1)
  @Max(24 * 3600)
  localPilotIdleTimeoutS = 30;

  /**
   * MAJORANA_MAX_SANDBOX_BYTES: largest sandbox (tar.gz as uploaded), counted while it streams in; a
   * bigger one is refused with 413. Independent of MAJORANA_MAX_BODY_BYTES, which is for JSON bodies.
   * @default 10 MiB (DIRAC's limit: bigger data belongs on a storage element)
   */
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024 * 1024)
  maxSandboxBytes = 10 * 1024 * 1024;

  /**
   * MAJORANA_CLEAN_AFTER_DAYS: the cleaning agent marks Done, Failed and Killed jobs older than this
   * Deleted (their sandboxes released, heartbeat rows dropped), and trims the logging history of jobs
   * Deleted for as long. @default 7 (DIRAC's JobCleaningAgent keeps finished jobs a week by default too)
   */
  @IsInt()
  @Min(1)
  @Max(3650)
  cleanAfterDays = 7;

  /** MAJORANA_CLEANING_S: how often the cleaning agent runs. @default 3600 */
  @IsInt()
  @Min(10)
  @Max(7 * 24 * 3600)
  cleaningIntervalS = 3600;

  /**
   * MAJORANA_PILOT_ABORT_AFTER_S: a pilot that has not ended, that its CE no longer knows (Unknown) and
   * that nobody heard from for this long is marked Aborted by the pilot status agent. @default 1800
   */
  @IsInt()
  @Min(10)
  @Max(30 * 24 * 3600)
  pilotAbortAfterS = 1800;

  /**
   * MAJORANA_PUBLIC_URL: the server URL pilots connect to, for an agents process that runs apart from
   * the server (`majorana agents --server-url` wins). Unset: `majorana up` uses the URL it listens on.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, {
    message: 'MAJORANA_PUBLIC_URL must be an http(s) URL such as http://majorana.example.org:8440',
  })
  publicUrl?: string;

  /** MAJORANA_LOG_LEVEL. @default info */
  @IsIn(['error', 'warn', 'info', 'debug'])
  logLevel: 'error' | 'warn' | 'info' | 'debug' = 'info';

  /** The SQLite file when no MAJORANA_DB_URL is set. */
  get sqlitePath(): string {
    return join(this.home, 'majorana.sqlite');
  }

  /** Where the local sandbox store keeps its archives: $MAJORANA_HOME/sandboxes. */
  get sandboxDir(): string {
    return join(this.home, 'sandboxes');
  }
}

const VARIABLES: Record<string, keyof ServerConfig> = {
  MAJORANA_HOME: 'home',
  MAJORANA_HOST: 'host',
  MAJORANA_PORT: 'port',
  MAJORANA_DB_URL: 'dbUrl',
  MAJORANA_CONFIG: 'configFile',
  MAJORANA_MAX_RESCHEDULING: 'maxRescheduling',
  MAJORANA_MAX_PARAMETRIC_JOBS: 'maxParametricJobs',
  MAJORANA_MAX_BODY_BYTES: 'maxBodyBytes',
  MAJORANA_LOG_LEVEL: 'logLevel',
  MAJORANA_MAX_SANDBOX_BYTES: 'maxSandboxBytes',
  MAJORANA_HEARTBEAT_S: 'heartbeatIntervalS',
  MAJORANA_STALLED_AFTER_S: 'stalledAfterS',
  MAJORANA_WALL_CLOCK_LIMIT_S: 'wallClockLimitS',
  MAJORANA_CPU_LIMIT_PERCENT: 'cpuLimitPercent',
  MAJORANA_LOCAL_SLOTS: 'localSlots',
  MAJORANA_LOCAL_PILOTS: 'localPilots',
  MAJORANA_STALLED_CHECK_S: 'stalledCheckIntervalS',
  MAJORANA_SITE_DIRECTOR_S: 'siteDirectorIntervalS',
  MAJORANA_PILOT_STATUS_S: 'pilotStatusIntervalS',
  MAJORANA_LOCAL_PILOT_IDLE_S: 'localPilotIdleTimeoutS',
  MAJORANA_CLEAN_AFTER_DAYS: 'cleanAfterDays',
  MAJORANA_CLEANING_S: 'cleaningIntervalS',
  MAJORANA_PILOT_ABORT_AFTER_S: 'pilotAbortAfterS',
  MAJORANA_PUBLIC_URL: 'publicUrl',
};

const NUMERIC = new Set<keyof ServerConfig>([
  'port',
  'maxRescheduling',
  'maxParametricJobs',
  'maxBodyBytes',
  'maxSandboxBytes',
  'heartbeatIntervalS',
  'stalledAfterS',
  'wallClockLimitS',
  'cpuLimitPercent',
  'localSlots',
  'localPilots',
  'stalledCheckIntervalS',
  'siteDirectorIntervalS',
  'pilotStatusIntervalS',
  'localPilotIdleTimeoutS',
  'cleanAfterDays',
  'cleaningIntervalS',
  'pilotAbortAfterS',
]);

export class ServerConfigError extends Error {
  override readonly name = 'ServerConfigError';
}

/**
 * Reads the configuration from `env` (and explicit `overrides`, e.g. command-line flags, which win),
 * validates it, and fills defaults. A bad value stops start-up with a message naming the variable.
 */
export function loadServerConfig(env: Readonly<Record<string, string | undefined>>, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const raw: Record<string, unknown> = {};
  for (const [variable, key] of Object.entries(VARIABLES)) {
    const value = env[variable];
    if (value === undefined || value === '') {
      continue;
    }
    if (NUMERIC.has(key)) {
      if (!/^\d+$/.test(value.trim())) {
        throw new ServerConfigError(`${variable} must be a whole number, got "${value}"`);
      }
      raw[key] = Number(value);
    } else {
      raw[key] = value;
    }
  }
  Object.assign(raw, Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)));
  raw.home = resolve(typeof raw.home === 'string' ? raw.home : join(homedir(), '.majorana'));
  raw.configFile = resolve(typeof raw.configFile === 'string' ? raw.configFile : join(raw.home as string, 'majorana.json'));
  const config = plainToInstance(ServerConfig, raw);
  const [first] = validateSync(config);
  if (first) {
    const variable = Object.entries(VARIABLES).find(([, key]) => key === first.property)?.[0] ?? first.property;
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is not valid';
    throw new ServerConfigError(`${variable}: ${reason.startsWith(variable) ? reason.slice(variable.length).trim() : reason}`);
  }
  return config;
}
