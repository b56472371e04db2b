/**
 * The wire shapes the end-to-end tests read, written from the API's point of view (what a client
 * sees), not imported from the server: a change of the server's DTOs must show up here as a failure.
 */

export interface ApiError {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string;
  readonly details?: unknown;
}

export interface SubmitResult {
  readonly jobIds: number[];
  readonly warnings: string[];
}

export interface Job {
  readonly JobID: number;
  readonly Status: string;
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

export interface SearchResult {
  readonly jobs: Job[];
  readonly total: number;
}

export type SearchOperator = 'eq' | 'neq' | 'in' | 'not in' | 'lt' | 'gt' | 'like';

export interface SearchCondition {
  readonly parameter: string;
  readonly operator: SearchOperator;
  readonly value?: string | number;
  readonly values?: (string | number)[];
}

export interface SearchBody {
  readonly search?: SearchCondition[];
  readonly sort?: { parameter: string; direction: 'asc' | 'desc' }[];
  readonly page?: number;
  readonly perPage?: number;
}

export type SummaryRow = Readonly<Record<string, string | number>> & { readonly count: number };

export interface LoggingRecord {
  readonly Status: string;
  readonly MinorStatus: string;
  readonly ApplicationStatus: string;
  readonly StatusTime: string;
  readonly Source: string;
}

export interface JobJdl {
  readonly JobID: number;
  readonly jdl: string;
}

export type JobActionOutcome = 'done' | 'not allowed' | 'not found' | 'wrong state';

export interface JobActionResult {
  readonly JobID: number;
  readonly result: JobActionOutcome;
  readonly reason: string;
}

export interface JobActionResponse {
  readonly results: JobActionResult[];
}

export interface Site {
  readonly site: string;
  readonly status: 'Active' | 'Banned';
  readonly reason: string;
  readonly changedBy: string;
  readonly changedAt: string;
}

/** What a pilot says about its slot (POST /api/matcher/match). */
export interface Slot {
  readonly site: string;
  readonly cpuTimeLeft: number;
  readonly ce?: string;
  readonly processors?: number;
  readonly platforms?: string[];
  readonly tags?: string[];
  readonly requiredTags?: string[];
  readonly ramMB?: number;
  readonly wholeNode?: boolean;
  readonly classAd?: string;
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
  readonly job: MatchedJob | null;
}

export interface IssuedToken {
  readonly token: string;
  readonly jti: string;
  readonly expiresAt: string;
}
