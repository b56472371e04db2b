import type { JobDescription } from './job-description.js';

/** How a JDL value is read into a JobDescription property. */
export type AttributeKind = 'string' | 'integer' | 'boolean' | 'stringList' | 'siteList' | 'expression' | 'logLevel';

export interface JobAttribute {
  /** DIRAC's spelling, used in messages and in JSON output. */
  readonly name: string;
  readonly property: keyof JobDescription;
  readonly kind: AttributeKind;
}

/** The attributes Majorana interprets, in the order `jdl show` prints them. */
export const JOB_ATTRIBUTES: readonly JobAttribute[] = [
  { name: 'Executable', property: 'executable', kind: 'string' },
  { name: 'Arguments', property: 'arguments', kind: 'string' },
  { name: 'StdOutput', property: 'stdOutput', kind: 'string' },
  { name: 'StdError', property: 'stdError', kind: 'string' },
  { name: 'InputSandbox', property: 'inputSandbox', kind: 'stringList' },
  { name: 'OutputSandbox', property: 'outputSandbox', kind: 'stringList' },
  { name: 'InputData', property: 'inputData', kind: 'stringList' },
  { name: 'OutputData', property: 'outputData', kind: 'stringList' },
  { name: 'OutputSE', property: 'outputSE', kind: 'string' },
  { name: 'OutputPath', property: 'outputPath', kind: 'string' },
  { name: 'CPUTime', property: 'cpuTime', kind: 'integer' },
  { name: 'NumberOfProcessors', property: 'numberOfProcessors', kind: 'integer' },
  { name: 'MinNumberOfProcessors', property: 'minNumberOfProcessors', kind: 'integer' },
  { name: 'MaxNumberOfProcessors', property: 'maxNumberOfProcessors', kind: 'integer' },
  { name: 'WholeNode', property: 'wholeNode', kind: 'boolean' },
  { name: 'MaxRAM', property: 'maxRAM', kind: 'integer' },
  { name: 'Site', property: 'sites', kind: 'siteList' },
  { name: 'BannedSites', property: 'bannedSites', kind: 'siteList' },
  { name: 'GridCE', property: 'gridCE', kind: 'string' },
  { name: 'Platform', property: 'platform', kind: 'string' },
  { name: 'Tags', property: 'tags', kind: 'stringList' },
  { name: 'JobType', property: 'jobType', kind: 'string' },
  { name: 'JobName', property: 'jobName', kind: 'string' },
  { name: 'JobGroup', property: 'jobGroup', kind: 'string' },
  { name: 'Priority', property: 'priority', kind: 'integer' },
  { name: 'LogLevel', property: 'logLevel', kind: 'logLevel' },
  { name: 'ExecutionEnvironment', property: 'executionEnvironment', kind: 'stringList' },
  { name: 'Requirements', property: 'requirements', kind: 'expression' },
  { name: 'Rank', property: 'rank', kind: 'expression' },
];

export const JOB_ATTRIBUTES_BY_NAME: ReadonlyMap<string, JobAttribute> = new Map(
  JOB_ATTRIBUTES.map((attribute) => [attribute.name.toLowerCase(), attribute]),
);

/** Set by the server from the authenticated user; a user's own values are dropped (DIRAC does the same). */
export const SERVER_SET_ATTRIBUTES: ReadonlySet<string> = new Set(['owner', 'ownergroup', 'virtualorganization']);
