import type { JobRecord, LoggingRecord } from '@majorana/db';
import type { JobDto, LoggingRecordDto } from './dto/job.dto.js';

const iso = (millis: number): string => new Date(millis).toISOString();
const isoOrNull = (millis: number | null): string | null => (millis === null ? null : iso(millis));

/** A stored job as the API shows it (DiracX's names); entities and records never leave the server otherwise. */
export function toJobDto(job: JobRecord): JobDto {
  return {
    JobID: job.id,
    Status: job.status,
    MinorStatus: job.minorStatus,
    ApplicationStatus: job.applicationStatus,
    Site: job.site,
    Owner: job.owner,
    OwnerGroup: job.ownerGroup,
    VO: job.vo,
    JobGroup: job.jobGroup === '' ? null : job.jobGroup,
    JobName: job.jobName === '' ? null : job.jobName,
    JobType: job.jobType,
    Priority: job.userPriority,
    SubmissionTime: iso(job.submissionTime),
    LastUpdateTime: iso(job.lastUpdateTime),
    HeartBeatTime: isoOrNull(job.heartBeatTime),
    StartExecTime: isoOrNull(job.startExecTime),
    EndExecTime: isoOrNull(job.endExecTime),
    RescheduleCounter: job.rescheduleCounter,
  };
}

export function toLoggingRecordDto(record: LoggingRecord): LoggingRecordDto {
  return {
    Status: record.status,
    MinorStatus: record.minorStatus,
    ApplicationStatus: record.applicationStatus,
    StatusTime: iso(record.time),
    Source: record.source,
  };
}
