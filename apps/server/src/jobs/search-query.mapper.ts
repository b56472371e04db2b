import type { JobSearchCondition, JobSearchQuery, JobVisibility } from '@majorana/db';
import type { SearchJobsDto, SearchParameter } from './dto/search-jobs.dto.js';
import { JobErrorCode, JobException } from './job.exception.js';

const DATE_PARAMETERS: ReadonlySet<SearchParameter> = new Set(['SubmissionTime', 'LastUpdateTime', 'HeartBeatTime']);

/** DiracX's search body → the repository's query; dates (ISO 8601) become milliseconds. */
export function toSearchQuery(dto: SearchJobsDto, visibleTo: JobVisibility | undefined): JobSearchQuery {
  const conditions: JobSearchCondition[] = (dto.search ?? []).map((condition) => {
    const many = condition.operator === 'in' || condition.operator === 'not in';
    if (many ? condition.values === undefined : condition.value === undefined) {
      throw new JobException(
        JobErrorCode.InvalidQuery,
        `search on ${condition.parameter} with "${condition.operator}" needs ${many ? '"values": [...]' : '"value"'}`,
      );
    }
    const convert = (value: string | number): string | number =>
      DATE_PARAMETERS.has(condition.parameter) ? toMillis(condition.parameter, value) : value;
    return many
      ? { parameter: condition.parameter, operator: condition.operator, values: (condition.values ?? []).map(convert) }
      : { parameter: condition.parameter, operator: condition.operator, value: convert(condition.value ?? '') };
  });
  return {
    conditions,
    sort: dto.sort ?? [{ parameter: 'JobID', direction: 'desc' }],
    page: dto.page ?? 1,
    perPage: dto.perPage ?? 100,
    ...(visibleTo ? { visibleTo } : {}),
  };
}

function toMillis(parameter: string, value: string | number): number {
  const millis = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(millis)) {
    throw new JobException(JobErrorCode.InvalidQuery, `${parameter} needs a date such as 2026-11-25T12:00:00Z, got "${value}"`);
  }
  return millis;
}
