import { Injectable } from '@nestjs/common';
import { JobRepository, type JobRecord, type JobSearchQuery, type JobSummaryField } from '@majorana/db';
import { canSeeJob, visibleJobsFilter, type Principal } from '@majorana/auth';
import type { JobDto, JobJdlDto, JobSearchResultDto, LoggingRecordDto } from './dto/job.dto.js';
import type { SearchJobsDto } from './dto/search-jobs.dto.js';
import { toJobDto, toLoggingRecordDto } from './job-dto.mapper.js';
import { JobErrorCode, JobException, jobNotFound } from './job.exception.js';
import { toSearchQuery } from './search-query.mapper.js';

/** Reading jobs: each caller sees their own jobs, their group's with JobSharing, all as JobAdministrator. */
@Injectable()
export class JobQueryService {
  constructor(private readonly jobs: JobRepository) {}

  async search(principal: Principal, dto: SearchJobsDto): Promise<JobSearchResultDto> {
    const query: JobSearchQuery = toSearchQuery(dto, visibleJobsFilter(principal) ?? undefined);
    const result = await this.jobs.search(query);
    return { jobs: result.jobs.map(toJobDto), total: result.total };
  }

  async summary(principal: Principal, groupBy: readonly JobSummaryField[]): Promise<Record<string, string | number>[]> {
    const rows = await this.jobs.summary(groupBy, visibleJobsFilter(principal) ?? undefined);
    return rows.map((row) => ({ ...row }));
  }

  async get(principal: Principal, jobId: number): Promise<JobDto> {
    return toJobDto(await this.visibleJob(principal, jobId));
  }

  async jdl(principal: Principal, jobId: number, original: boolean): Promise<JobJdlDto> {
    await this.visibleJob(principal, jobId);
    const jdl = await this.jobs.jdl(jobId);
    if (!jdl) {
      throw jobNotFound(jobId);
    }
    return { JobID: jobId, jdl: original ? jdl.original : jdl.current };
  }

  async logging(principal: Principal, jobId: number): Promise<LoggingRecordDto[]> {
    await this.visibleJob(principal, jobId);
    return (await this.jobs.loggingHistory(jobId)).map(toLoggingRecordDto);
  }

  async parameters(principal: Principal, jobId: number): Promise<Record<string, string>> {
    await this.visibleJob(principal, jobId);
    return Object.fromEntries((await this.jobs.parameters(jobId)).map((parameter) => [parameter.name, parameter.value]));
  }

  /** The job if the caller may see it; a job they may not see is reported as forbidden, not hidden. */
  async visibleJob(principal: Principal, jobId: number): Promise<JobRecord> {
    const job = await this.jobs.findById(jobId);
    if (!job) {
      throw jobNotFound(jobId);
    }
    if (!canSeeJob(principal, job)) {
      throw new JobException(
        JobErrorCode.Forbidden,
        `job ${jobId} belongs to ${job.owner} (${job.ownerGroup}): you may see only your own jobs (and your group's where it has JobSharing)`,
      );
    }
    return job;
  }
}
