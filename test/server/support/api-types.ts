/**
 * The wire shapes the end-to-end tests read, from the API's point of view (what a client sees), not
 * imported from the server: a change of the server's DTOs must show up here as a failure. Most come
 * from the client library's types (themselves checked against openapi.json); the rest are the
 * tests' own views of requests the client builds for them.
 */
import type { Job } from '@majorana/client';

export interface ApiError {
  readonly statusCode: number;
  readonly error: string;
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
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

export type JobActionOutcome = 'done' | 'not allowed' | 'not found' | 'wrong state';

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

// The shapes the client library types: one definition of the API for the tests and the client.
export type {
  SubmitResult,
  Job,
  LoggingRecord,
  JobJdl,
  JobActionResult,
  JobActionResponse,
  Site,
  MatchedJob,
  MatchResponse,
  IssuedToken,
} from '@majorana/client';
