import type { Expr } from '../ast/classad-ast.js';
import {
  IsIntegerBetween,
  IsIntegerInLimits,
  IsJdlBoolean,
  IsJdlString,
  IsNonEmptyJdlString,
  IsOneOf,
  IsStringList,
} from './job-validators.js';

/** JSON-compatible value of an attribute Majorana does not interpret (kept as user metadata). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** DIRAC's log levels, the values LogLevel accepts (case-insensitive in the JDL). */
export const LOG_LEVELS = ['DEBUG', 'VERBOSE', 'INFO', 'WARN', 'NOTICE', 'ERROR', 'FATAL', 'ALWAYS'] as const;

/** Limits a deployment may change; DIRAC's defaults. */
export interface JobLimits {
  /** Accepted CPUTime range in HS06·s. @default { min: 100, max: 500000 } */
  readonly cpuTime: { readonly min: number; readonly max: number };
}

export const DEFAULT_JOB_LIMITS: JobLimits = { cpuTime: { min: 100, max: 500_000 } };

const LIMITS = Symbol('limits');

const isLogicalFileName = (value: string): boolean => /^(LFN:)?\/[^\s]*$/.test(value) && !value.includes('//');
const isEnvironmentAssignment = (value: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*=/.test(value);
const isSiteName = (value: string): boolean => /^\S+$/.test(value);

/**
 * One job as Majorana runs it: DIRAC's attributes, typed, with DIRAC's defaults. Built from a JDL
 * by `toJobDescription`, which reports every problem at its place in the text.
 */
export class JobDescription {
  @IsNonEmptyJdlString('Executable', 'a non-empty string (the program or script to run)')
  executable = '';

  @IsJdlString('Arguments')
  arguments = '';

  @IsNonEmptyJdlString('StdOutput', 'a file name')
  stdOutput = 'std.out';

  @IsNonEmptyJdlString('StdError', 'a file name')
  stdError = 'std.err';

  @IsStringList('InputSandbox', 'a list of file names')
  inputSandbox: string[] = [];

  /** File names or wildcard patterns (`*.log`) collected from the job's working directory. */
  @IsStringList('OutputSandbox', 'a list of file names or patterns')
  outputSandbox: string[] = [];

  @IsStringList('InputData', 'a list of logical file names starting with / or LFN:/ (and no //)', isLogicalFileName)
  inputData: string[] = [];

  @IsStringList('OutputData', 'a list of file names')
  outputData: string[] = [];

  @IsJdlString('OutputSE')
  outputSE: string | null = null;

  @IsJdlString('OutputPath')
  outputPath: string | null = null;

  /** Normalised CPU time the job needs, in HS06·s. */
  @IsIntegerInLimits('CPUTime', (job) => (job as JobDescription).limits.cpuTime)
  cpuTime = 86_400;

  @IsIntegerBetween('NumberOfProcessors', 1, 1024)
  numberOfProcessors: number | null = null;

  @IsIntegerBetween('MinNumberOfProcessors', 1, 1024)
  minNumberOfProcessors: number | null = null;

  @IsIntegerBetween('MaxNumberOfProcessors', 1, 1024)
  maxNumberOfProcessors: number | null = null;

  @IsJdlBoolean('WholeNode')
  wholeNode = false;

  /** Memory the job needs, in MB. */
  @IsIntegerBetween('MaxRAM', 1, 16_777_216)
  maxRAM: number | null = null;

  /** Sites the job may run at; empty means any (`Site = ANY`). */
  @IsStringList('Site', 'a site name or a list of site names', isSiteName)
  sites: string[] = [];

  @IsStringList('BannedSites', 'a site name or a list of site names', isSiteName)
  bannedSites: string[] = [];

  @IsJdlString('GridCE')
  gridCE: string | null = null;

  @IsJdlString('Platform')
  platform: string | null = null;

  @IsStringList('Tags', 'a list of tags')
  tags: string[] = [];

  @IsNonEmptyJdlString('JobType', 'a job type such as User')
  jobType = 'User';

  @IsJdlString('JobName')
  jobName: string | null = null;

  @IsJdlString('JobGroup')
  jobGroup: string | null = null;

  @IsIntegerBetween('Priority', 0, 10)
  priority = 1;

  @IsOneOf('LogLevel', LOG_LEVELS)
  logLevel = 'INFO';

  /** `NAME=value` pairs set in the job's environment. */
  @IsStringList('ExecutionEnvironment', 'a list of NAME=value settings', isEnvironmentAssignment)
  executionEnvironment: string[] = [];

  /** The job's condition on the resource (`other.*`), evaluated at matching time. */
  requirements: Expr | null = null;

  /** The job's preference among matching resources (higher is better). */
  rank: Expr | null = null;

  /** Every attribute Majorana does not interpret, by the user's spelling, as JSON values. */
  metadata: Record<string, JsonValue> = {};

  private [LIMITS]: JobLimits = DEFAULT_JOB_LIMITS;

  get limits(): JobLimits {
    return this[LIMITS];
  }

  set limits(limits: JobLimits) {
    this[LIMITS] = limits;
  }
}
