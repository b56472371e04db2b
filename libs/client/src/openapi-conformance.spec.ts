import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type {
  Explanation,
  Job,
  JobActionResult,
  JobPeek,
  JobPilot,
  LoggingRecord,
  PilotOutput,
  PilotStatus,
  SandboxFile,
  SearchCondition,
  SearchParameter,
  Site,
  StoredOutputSandbox,
  SubmitResult,
} from './api-types.js';
import { MajoranaClient } from './majorana-client.js';

interface OpenApi {
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas: Record<string, { properties?: Record<string, { enum?: string[]; items?: { enum?: string[] } }>; required?: string[] }>;
  };
}

const openapi = JSON.parse(readFileSync(new URL('../../../openapi.json', import.meta.url), 'utf8')) as OpenApi;

/** Every operation of the checked-in spec as `METHOD /path/{param}`. */
const specified = new Set(
  Object.entries(openapi.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`)),
);

/** Calls every method of the client against a fetch that records the request and answers `{}`. */
async function requestsMadeByTheClient(): Promise<Set<string>> {
  const made = new Set<string>();
  const fetch = ((url: string, init: { method: string }) => {
    const path = new URL(url).pathname
      .replace(/^\/api\/jobs\/\d+/, '/api/jobs/{id}')
      .replace(/^\/api\/pilots\/(?!$)[^/]+/, '/api/pilots/{ref}')
      .replace(/\/output-sandbox\/files\/.+$/, '/output-sandbox/files/{path}')
      .replace(/^\/api\/admin\/computing-elements\/.+$/, '/api/admin/computing-elements/{name}');
    made.add(`${init.method} ${path}`);
    return Promise.resolve(new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }));
  }) as unknown as typeof globalThis.fetch;
  const client = new MajoranaClient({ url: 'http://server', token: 't', fetch });
  const calls: (() => Promise<unknown>)[] = [
    () => client.health(),
    () => client.submitJobs(['Executable = "x";']),
    () => client.searchJobs({}),
    () => client.summary(['status', 'site']),
    () => client.job(1),
    () => client.logging(1),
    () => client.parameters(1),
    () => client.jdl(1, { original: true }),
    () => client.peek(1),
    () => client.explain(1),
    () => client.jobPilots(1),
    () => client.killJobs([1]),
    () => client.deleteJobs([1]),
    () => client.rescheduleJobs([1]),
    () => client.uploadSandbox(new Uint8Array([1])),
    () => client.uploadOutputSandbox(1, new Uint8Array([1]), '0'.repeat(64)),
    () => client.listOutputFiles(1),
    () => client.downloadOutputFile(1, 'results/hist.root'),
    () => client.downloadInputSandbox(1, '/nonexistent/dir/archive').catch(() => undefined),
    () => client.downloadOutputSandbox(1, '/nonexistent/dir/archive').catch(() => undefined),
    () => client.pilots({ status: ['Running'], site: 'S', perPage: 5 }),
    () => client.pilot('local://local/abc'),
    () => client.pilotOutput('local://local/abc'),
    () => client.drainPilot('local://local/abc'),
    () => client.match({ site: 'S', cpuTimeLeft: 1 }),
    () => client.sites(),
    () => client.banSite('S', 'why'),
    () => client.allowSite('S', 'why'),
    () => client.addUser('ana', ['user']),
    () => client.listUsers(),
    () => client.issueToken('ana'),
    () => client.revokeTokens({ user: 'ana' }),
    () => client.computingElements(),
    () => client.declareComputingElement('ce01', { type: 'local', site: 'Local.x' }),
    () => client.removeComputingElement('ce01'),
  ];
  for (const call of calls) {
    await call();
  }
  return made;
}

/** Our wire types, one sample each: the compiler checks the sample against the type, the test the type's keys against the schema. */
const samples: Record<string, object> = {
  JobDto: {
    JobID: 1,
    Status: 'Done',
    MinorStatus: '',
    ApplicationStatus: '',
    Site: '',
    Owner: '',
    OwnerGroup: '',
    VO: '',
    JobGroup: null,
    JobName: null,
    JobType: 'User',
    Priority: 1,
    SubmissionTime: '',
    LastUpdateTime: '',
    HeartBeatTime: null,
    StartExecTime: null,
    EndExecTime: null,
    RescheduleCounter: 0,
  } satisfies Job,
  SubmitJobsResponseDto: { jobIds: [], warnings: [] } satisfies SubmitResult,
  JobActionResultDto: { JobID: 1, result: 'done', reason: '' } satisfies JobActionResult,
  LoggingRecordDto: { Status: '', MinorStatus: '', ApplicationStatus: '', StatusTime: '', Source: '' } satisfies LoggingRecord,
  JobPeekDto: { JobID: 1, attempt: 1, time: '', cpuTimeS: 0, wallTimeS: 0, memoryMiB: 0, stdoutTail: '' } satisfies JobPeek,
  ExplainDto: { JobID: 1, Status: '', taskQueue: null, checks: [] } satisfies Explanation,
  JobPilotDto: {
    pilotRef: '',
    status: 'Running',
    ce: '',
    site: '',
    pilotVersion: '',
    subject: '',
    connected: true,
    resources: {},
    submittedAt: null,
    connectedAt: null,
    lastContact: '',
    endedAt: null,
    endReason: '',
    jobsRun: 0,
    attempt: 1,
  } satisfies JobPilot,
  PilotOutputDto: { stdout: '', stderr: '' } satisfies PilotOutput,
  SiteDto: { site: '', status: 'Active', reason: '', changedBy: '', changedAt: '' } satisfies Site,
  StoredOutputSandboxDto: { ref: '', sha256: '', bytes: 0, files: 0, attempt: 1 } satisfies StoredOutputSandbox,
};

/** A string union's members: the `satisfies Record<Union, true>` of the caller makes the compiler check there are no more and no fewer. */
const members = (record: Record<string, true>): string[] => Object.keys(record);

const SEARCH_PARAMETERS = members({
  JobID: true,
  Status: true,
  MinorStatus: true,
  ApplicationStatus: true,
  Site: true,
  Owner: true,
  OwnerGroup: true,
  JobGroup: true,
  JobName: true,
  JobType: true,
  SubmissionTime: true,
  LastUpdateTime: true,
  HeartBeatTime: true,
} satisfies Record<SearchParameter, true>);
const PILOT_STATUSES = members({
  Submitted: true,
  Waiting: true,
  Running: true,
  Disconnected: true,
  Done: true,
  Failed: true,
  Aborted: true,
  Deleted: true,
} satisfies Record<PilotStatus, true>);

/** Our string unions against the schemas' enums: `schema.property` → the values the client types allow. */
const unions: [string, string[]][] = [
  ['JobPilotDto.status', PILOT_STATUSES],
  ['PilotDto.status', PILOT_STATUSES],
  ['SearchConditionDto.parameter', SEARCH_PARAMETERS],
  ['SortDto.parameter', SEARCH_PARAMETERS],
  [
    'SearchConditionDto.operator',
    members({ eq: true, neq: true, lt: true, gt: true, like: true, in: true, 'not in': true } satisfies Record<
      SearchCondition['operator'],
      true
    >),
  ],
  [
    'JobActionResultDto.result',
    members({ done: true, 'not allowed': true, 'not found': true, 'wrong state': true } satisfies Record<JobActionResult['result'], true>),
  ],
  ['SiteDto.status', members({ Active: true, Banned: true } satisfies Record<Site['status'], true>)],
  [
    'SandboxFileDto.type',
    members({ file: true, directory: true, symlink: true, hardlink: true } satisfies Record<SandboxFile['type'], true>),
  ],
];

describe('the client against the checked-in openapi.json', () => {
  it.each(unions)('allows exactly the values of %s', (where, values) => {
    const [schema, property] = where.split('.') as [string, string];
    const declared = openapi.components.schemas[schema]?.properties?.[property];
    expect([...values].sort()).toEqual([...(declared?.enum ?? declared?.items?.enum ?? [])].sort());
  });

  it('calls only operations the API has, and every one of them', async () => {
    const made = await requestsMadeByTheClient();
    expect([...made].filter((operation) => !specified.has(operation)).sort()).toEqual([]);
    expect([...specified].filter((operation) => !made.has(operation)).sort()).toEqual([]);
  });

  it.each(Object.entries(samples))('types %s with exactly the schema’s properties', (schema, sample) => {
    const properties = Object.keys(openapi.components.schemas[schema]?.properties ?? {}).sort();
    expect(Object.keys(sample).sort()).toEqual(properties);
  });
});
