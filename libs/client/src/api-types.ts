/**
 * The REST API's wire types, named after the schemas of the checked-in openapi.json (without the
 * `Dto` suffix). `openapi-conformance.spec.ts` checks that each has exactly the schema's properties,
 * so a server change that is not reflected here fails the client's tests.
 */

export type JobStatus =
  | 'Submitting'
  | 'Received'
  | 'Checking'
  | 'Waiting'
  | 'Matched'
  | 'Running'
  | 'Completing'
  | 'Stalled'
  | 'Done'
  | 'Completed'
  | 'Failed'
  | 'Killed'
  | 'Deleted'
  | (string & {});

/** A job's attributes (DIRAC's names). Dates are ISO 8601. */
export interface Job {
  readonly JobID: number;
  readonly Status: JobStatus;
  readonly MinorStatus: string;
  readonly ApplicationStatus: string;
  readonly Site: string;
  readonly Owner: string;
  readonly OwnerGroup: string;
  readonly VO: string;
  readonly JobGroup: string | null;
  readonly JobName: string | null;
  readonly JobType: string;
  readonly Priority: number;
  readonly SubmissionTime: string;
  readonly LastUpdateTime: string;
  readonly HeartBeatTime: string | null;
  readonly StartExecTime: string | null;
  readonly EndExecTime: string | null;
  readonly RescheduleCounter: number;
}

export interface SubmitResult {
  readonly jobIds: number[];
  /** Things accepted but not acted on yet (e.g. InputData before the data layer exists). */
  readonly warnings: string[];
}

export type SearchParameter =
  | 'JobID'
  | 'Status'
  | 'MinorStatus'
  | 'ApplicationStatus'
  | 'Site'
  | 'Owner'
  | 'OwnerGroup'
  | 'JobGroup'
  | 'JobName'
  | 'JobType'
  | 'SubmissionTime'
  | 'LastUpdateTime'
  | 'HeartBeatTime';

/** One condition of a search (DiracX's shape). Dates as ISO 8601. */
export type SearchCondition =
  | { readonly parameter: SearchParameter; readonly operator: 'eq' | 'neq' | 'lt' | 'gt' | 'like'; readonly value: string | number }
  | { readonly parameter: SearchParameter; readonly operator: 'in' | 'not in'; readonly values: readonly (string | number)[] };

export interface SearchJobsRequest {
  readonly search?: readonly SearchCondition[];
  /** @default JobID descending */
  readonly sort?: readonly { parameter: SearchParameter; direction: 'asc' | 'desc' }[];
  /** @default 1 */
  readonly page?: number;
  /** @default 100, at most 10,000 */
  readonly perPage?: number;
}

export interface JobSearchResult {
  readonly jobs: Job[];
  /** Every job matching the search, not only this page. */
  readonly total: number;
}

/** What one kill, delete or reschedule did to one job. */
export interface JobActionResult {
  readonly JobID: number;
  readonly result: 'done' | 'not allowed' | 'not found' | 'wrong state';
  /** Why, in a sentence (empty when done). */
  readonly reason: string;
}

export interface JobActionResponse {
  readonly results: JobActionResult[];
}

export interface LoggingRecord {
  readonly Status: string;
  readonly MinorStatus: string;
  readonly ApplicationStatus: string;
  /** ISO 8601. */
  readonly StatusTime: string;
  readonly Source: string;
}

export interface JobJdl {
  readonly JobID: number;
  /** The JDL as submitted (original) or as Majorana runs it. */
  readonly jdl: string;
}

export interface JobPeek {
  readonly JobID: number;
  readonly attempt: number;
  /** When the heartbeat arrived (ISO 8601). */
  readonly time: string;
  readonly cpuTimeS: number;
  readonly wallTimeS: number;
  readonly memoryMiB: number;
  /** The last lines of StdOutput. */
  readonly stdoutTail: string;
}

export interface ExplainCheck {
  readonly name: string;
  readonly passed: boolean;
  /** What holds, or what to change. */
  readonly detail: string;
}

/** Why is this job not running? Each check computed now. */
export interface Explanation {
  readonly JobID: number;
  readonly Status: string;
  /** The task queue the job waits in. */
  readonly taskQueue: number | null;
  readonly checks: ExplainCheck[];
}

export type PilotStatus = 'Submitted' | 'Waiting' | 'Running' | 'Disconnected' | 'Done' | 'Failed' | 'Aborted' | 'Deleted';

export interface Pilot {
  readonly pilotRef: string;
  readonly status: PilotStatus;
  readonly ce: string;
  readonly site: string;
  readonly pilotVersion: string;
  /** User of the pilot credential. */
  readonly subject: string;
  /** True while it holds a WebSocket to some replica. */
  readonly connected: boolean;
  /** Resources it announced in hello. */
  readonly resources: Record<string, unknown>;
  readonly submittedAt: string | null;
  readonly connectedAt: string | null;
  readonly lastContact: string;
  readonly endedAt: string | null;
  readonly endReason: string;
  readonly jobsRun: number;
}

/** A pilot that ran (an attempt of) a job. */
export interface JobPilot extends Pilot {
  /** The attempt of the job this pilot was matched to. */
  readonly attempt: number;
}

export interface PilotList {
  readonly pilots: Pilot[];
  /** Pilots matching the filter, all pages. */
  readonly total: number;
}

export interface PilotListQuery {
  /** Statuses, e.g. ['Running', 'Disconnected']. */
  readonly status?: readonly PilotStatus[];
  readonly ce?: string;
  readonly site?: string;
  readonly page?: number;
  readonly perPage?: number;
}

export interface PilotOutput {
  /** The tail of the pilot's stdout. */
  readonly stdout: string;
  /** The tail of the pilot's stderr. */
  readonly stderr: string;
}

export interface Site {
  readonly site: string;
  readonly status: 'Active' | 'Banned';
  readonly reason: string;
  /** Who changed it last. */
  readonly changedBy: string;
  readonly changedAt: string;
}

export interface Health {
  readonly status: string;
  readonly service: string;
  readonly version: string;
}

export interface User {
  readonly name: string;
  readonly groups: string[];
}

export interface IssuedToken {
  readonly token: string;
  readonly jti: string;
  readonly expiresAt: string;
}

/** A sandbox the server holds: name it in a JDL's InputSandbox by its `ref`. */
export interface UploadedSandbox {
  /** `SB:sha256:<hex>`. */
  readonly ref: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Entries that are not directories. */
  readonly files: number;
}

export interface StoredOutputSandbox extends UploadedSandbox {
  /** The attempt of the job whose output this is. */
  readonly attempt: number;
}

/** One entry of an output sandbox. */
export interface SandboxFile {
  readonly path: string;
  readonly size: number;
  readonly type: 'file' | 'directory' | 'symlink' | 'hardlink';
  readonly linkpath?: string;
}

/** A slot offered to the matcher (what a pilot sends). */
export interface MatchRequest {
  readonly site: string;
  readonly cpuTimeLeft: number;
  readonly ce?: string;
  readonly classAd?: string;
  readonly platforms?: readonly string[];
  readonly processors?: number;
  readonly ramMB?: number;
  readonly requiredTags?: readonly string[];
  readonly tags?: readonly string[];
  readonly wholeNode?: boolean;
}

export interface MatchedJob {
  readonly JobID: number;
  readonly attempt: number;
  readonly fencingToken: string;
  readonly Owner: string;
  readonly OwnerGroup: string;
  readonly jdl: string;
}

export interface MatchResponse {
  /** Null when no waiting job fits the slot. */
  readonly job: MatchedJob | null;
}

/** One row of the job summary: the grouping fields and `count`. */
export type JobSummaryRow = Record<string, string | number>;
export type SummaryField = 'status' | 'site' | 'owner' | 'ownerGroup';

/**
 * A computing element as an administrator declares it (PUT /api/admin/computing-elements/{name}):
 * `type` (local, ssh, slurm…), `site`, and the type's own sections (connection, queue, pilot, limits,
 * slurm, workDir, batchSystem); see CeDeclarationBodyDto in openapi.json for every field.
 */
export interface ComputingElementDeclaration {
  readonly type: string;
  readonly site: string;
  readonly [section: string]: unknown;
}

/** A computing element the agents submit pilots to, and where its declaration came from. */
export interface ComputingElement extends ComputingElementDeclaration {
  readonly name: string;
  /** The configuration file or the API. */
  readonly source: string;
  readonly updatedAt: string;
}
