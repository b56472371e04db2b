import { DbErrorCode, DbException } from '../db.exception.js';
import type { SqlDialect } from '../data-source/sql-dialect.js';
import type { SqlValue } from '../data-source/sql-runner.js';
import {
  JOB_SUMMARY_FIELDS,
  MAX_JOBS_PER_PAGE,
  type JobSearchCondition,
  type JobSearchParameter,
  type JobSearchQuery,
  type JobSummaryField,
  type JobVisibility,
} from './job-search-query.js';

/** A piece of SQL and the values of its `?`s, in order. */
export interface SqlFragment {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

interface SearchColumn {
  readonly column: string;
  readonly kind: 'integer' | 'text';
}

/**
 * The whitelist: the only column names that ever reach the SQL text. User input is bound as `?`.
 * A Map, not an object literal, so names such as `__proto__` or `toString` find nothing.
 */
const SEARCH_COLUMNS: ReadonlyMap<string, SearchColumn> = new Map<JobSearchParameter, SearchColumn>([
  ['JobID', { column: 'id', kind: 'integer' }],
  ['Status', { column: 'status', kind: 'text' }],
  ['MinorStatus', { column: 'minorStatus', kind: 'text' }],
  ['ApplicationStatus', { column: 'applicationStatus', kind: 'text' }],
  ['Site', { column: 'site', kind: 'text' }],
  ['Owner', { column: 'owner', kind: 'text' }],
  ['OwnerGroup', { column: 'ownerGroup', kind: 'text' }],
  ['JobGroup', { column: 'jobGroup', kind: 'text' }],
  ['JobName', { column: 'jobName', kind: 'text' }],
  ['JobType', { column: 'jobType', kind: 'text' }],
  ['SubmissionTime', { column: 'submissionTime', kind: 'integer' }],
  ['LastUpdateTime', { column: 'lastUpdateTime', kind: 'integer' }],
  ['HeartBeatTime', { column: 'heartBeatTime', kind: 'integer' }],
]);

/** `WHERE …` for the conditions and the visibility (empty when nothing restricts). */
export function jobWhere(
  conditions: readonly JobSearchCondition[],
  visibleTo: JobVisibility | undefined,
  dialect: SqlDialect,
): SqlFragment {
  const parts = [...conditions.map((condition) => conditionSql(condition, dialect)), ...visibilitySql(visibleTo)];
  if (parts.length === 0) {
    return { sql: '', params: [] };
  }
  return { sql: ` WHERE ${parts.map((part) => part.sql).join(' AND ')}`, params: parts.flatMap((part) => part.params) };
}

/** `ORDER BY …`, ending with the job id so that equal keys page deterministically. */
export function jobOrderBy(sort: JobSearchQuery['sort']): string {
  const keys = sort.map(({ parameter, direction }) => {
    if (direction !== 'asc' && direction !== 'desc') {
      throw invalid(`sort direction must be "asc" or "desc", got "${String(direction)}"`);
    }
    return `${searchColumn(parameter).column} ${direction.toUpperCase()}`;
  });
  if (!sort.some(({ parameter }) => parameter === 'JobID')) {
    keys.push('id ASC');
  }
  return ` ORDER BY ${keys.join(', ')}`;
}

/** `LIMIT ? OFFSET ?` for a 1-based page. */
export function jobPage(page: number, perPage: number): SqlFragment {
  if (!Number.isSafeInteger(page) || page < 1) {
    throw invalid(`page must be an integer from 1, got ${String(page)}`);
  }
  if (!Number.isSafeInteger(perPage) || perPage < 1 || perPage > MAX_JOBS_PER_PAGE) {
    throw invalid(`perPage must be an integer from 1 to ${MAX_JOBS_PER_PAGE}, got ${String(perPage)}`);
  }
  return { sql: ' LIMIT ? OFFSET ?', params: [perPage, (page - 1) * perPage] };
}

/** The grouped columns of a summary, each once, in the order asked. */
export function summaryColumns(groupBy: readonly JobSummaryField[]): JobSummaryField[] {
  for (const field of groupBy) {
    if (!(JOB_SUMMARY_FIELDS as readonly string[]).includes(field)) {
      throw invalid(`a summary groups by ${JOB_SUMMARY_FIELDS.join(', ')}; not by "${String(field)}"`);
    }
  }
  return [...new Set(groupBy)];
}

function conditionSql(condition: JobSearchCondition, dialect: SqlDialect): SqlFragment {
  const { column, kind } = searchColumn(condition.parameter);
  const one = (): SqlValue => bindable(condition.value, kind, condition.parameter);
  switch (condition.operator) {
    case 'eq':
      return { sql: `${column} = ?`, params: [one()] };
    case 'neq':
      return { sql: `${column} <> ?`, params: [one()] };
    case 'lt':
      return { sql: `${column} < ?`, params: [one()] };
    case 'gt':
      return { sql: `${column} > ?`, params: [one()] };
    case 'like':
      if (kind !== 'text') {
        throw invalid(`"like" applies to text attributes, not to ${condition.parameter}`);
      }
      return { sql: dialect.likeIgnoringCase(column), params: [one()] };
    case 'in':
    case 'not in': {
      if (!Array.isArray(condition.values)) {
        throw invalid(`"${condition.operator}" on ${condition.parameter} needs a list of values`);
      }
      const values = condition.values.map((value) => bindable(value, kind, condition.parameter));
      if (values.length === 0) {
        // Nothing is in an empty list; everything is outside it.
        return { sql: condition.operator === 'in' ? '1 = 0' : '1 = 1', params: [] };
      }
      const list = values.map(() => '?').join(', ');
      return { sql: `${column} ${condition.operator === 'in' ? 'IN' : 'NOT IN'} (${list})`, params: values };
    }
    default:
      throw invalid(`unknown operator "${String(condition.operator)}"`);
  }
}

function visibilitySql(visibleTo: JobVisibility | undefined): SqlFragment[] {
  const restrict = (column: string, allowed: readonly string[] | undefined): SqlFragment[] => {
    if (allowed === undefined) {
      return [];
    }
    if (allowed.length === 0) {
      return [{ sql: '1 = 0', params: [] }];
    }
    return [{ sql: `${column} IN (${allowed.map(() => '?').join(', ')})`, params: allowed.map(String) }];
  };
  return [...restrict('owner', visibleTo?.owners), ...restrict('ownerGroup', visibleTo?.ownerGroups)];
}

function searchColumn(parameter: string): SearchColumn {
  const found = SEARCH_COLUMNS.get(parameter);
  if (found === undefined) {
    throw invalid(`jobs cannot be searched or sorted by "${parameter}"; use one of ${[...SEARCH_COLUMNS.keys()].join(', ')}`);
  }
  return found;
}

/**
 * The value as the column's type, so both databases compare alike (SQLite would otherwise compare
 * a number with text by its own affinity rules).
 */
function bindable(value: unknown, kind: SearchColumn['kind'], parameter: string): SqlValue {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw invalid(`a condition on ${parameter} needs a value (a string or a number)`);
  }
  if (kind === 'text') {
    return String(value);
  }
  const number = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
  if (!Number.isSafeInteger(number)) {
    throw invalid(`${parameter} is compared with whole numbers, got "${String(value)}"`);
  }
  return number;
}

function invalid(message: string): DbException {
  return new DbException(DbErrorCode.InvalidQuery, message);
}
