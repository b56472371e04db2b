import type { JobRecord } from './job-record.js';

/** The job attributes a search may filter and sort on, by their DIRAC names. */
export const JOB_SEARCH_PARAMETERS = [
  'JobID',
  'Status',
  'MinorStatus',
  'ApplicationStatus',
  'Site',
  'Owner',
  'OwnerGroup',
  'JobGroup',
  'JobName',
  'JobType',
  'SubmissionTime',
  'LastUpdateTime',
  'HeartBeatTime',
] as const;
export type JobSearchParameter = (typeof JOB_SEARCH_PARAMETERS)[number];

export const JOB_SEARCH_OPERATORS = ['eq', 'neq', 'in', 'not in', 'lt', 'gt', 'like'] as const;
/**
 * `in`/`not in` read `values`; the others read `value`. `like` takes `%`/`_` wildcards (`\` escapes
 * one), ignores case, and applies to text only. As in SQL, `neq`/`lt`/`gt` never match an unset
 * HeartBeatTime.
 */
export type JobSearchOperator = (typeof JOB_SEARCH_OPERATORS)[number];

export interface JobSearchCondition {
  readonly parameter: JobSearchParameter;
  readonly operator: JobSearchOperator;
  readonly value?: string | number;
  readonly values?: readonly (string | number)[];
}

export interface JobSort {
  readonly parameter: JobSearchParameter;
  readonly direction: 'asc' | 'desc';
}

/**
 * Whose jobs a caller may see, AND-ed with everything else: each list given restricts to jobs whose
 * owner (or group) is in it; an empty list shows nothing; an absent one does not restrict.
 */
export interface JobVisibility {
  readonly owners?: readonly string[];
  readonly ownerGroups?: readonly string[];
}

export interface JobSearchQuery {
  /** All must hold. */
  readonly conditions: readonly JobSearchCondition[];
  /** Applied in order; ties end ordered by JobID ascending, so pages never overlap. */
  readonly sort: readonly JobSort[];
  /** 1-based. */
  readonly page: number;
  /** At most MAX_JOBS_PER_PAGE. */
  readonly perPage: number;
  readonly visibleTo?: JobVisibility;
}

export const MAX_JOBS_PER_PAGE = 10_000;

export interface JobSearchResult {
  readonly jobs: JobRecord[];
  /** Every job matching the conditions (and visible), not only this page. */
  readonly total: number;
}

export const JOB_SUMMARY_FIELDS = ['status', 'site', 'owner', 'ownerGroup'] as const;
export type JobSummaryField = (typeof JOB_SUMMARY_FIELDS)[number];

/** One group of a summary: the grouped attributes (only those asked for) and how many jobs have them. */
export type JobSummaryRow = { readonly [field in JobSummaryField]?: string } & { readonly count: number };
