import { isJobStatus, type JobStatus } from '@majorana/domain';
import { int, intOrNull, text } from '../data-source/row-values.js';
import type { SqlRow } from '../data-source/sql-runner.js';
import type { JobRecord, LoggingRecord } from './job-record.js';

export const JOB_COLUMNS =
  'id, status, minorStatus, applicationStatus, owner, ownerGroup, vo, site, jobName, jobGroup, jobType, userPriority, ' +
  'taskQueueId, attempt, rescheduleCounter, submissionTime, lastUpdateTime, heartBeatTime, startExecTime, endExecTime';

export function toJobRecord(row: SqlRow): JobRecord {
  return {
    id: int(row, 'id'),
    status: jobStatus(row),
    minorStatus: text(row, 'minorStatus'),
    applicationStatus: text(row, 'applicationStatus'),
    owner: text(row, 'owner'),
    ownerGroup: text(row, 'ownerGroup'),
    vo: text(row, 'vo'),
    site: text(row, 'site'),
    jobName: text(row, 'jobName'),
    jobGroup: text(row, 'jobGroup'),
    jobType: text(row, 'jobType'),
    userPriority: int(row, 'userPriority'),
    taskQueueId: intOrNull(row, 'taskQueueId'),
    attempt: int(row, 'attempt'),
    rescheduleCounter: int(row, 'rescheduleCounter'),
    submissionTime: int(row, 'submissionTime'),
    lastUpdateTime: int(row, 'lastUpdateTime'),
    heartBeatTime: intOrNull(row, 'heartBeatTime'),
    startExecTime: intOrNull(row, 'startExecTime'),
    endExecTime: intOrNull(row, 'endExecTime'),
  };
}

export function toLoggingRecord(row: SqlRow): LoggingRecord {
  return {
    id: int(row, 'id'),
    jobId: int(row, 'jobId'),
    status: jobStatus(row),
    minorStatus: text(row, 'minorStatus'),
    applicationStatus: text(row, 'applicationStatus'),
    time: int(row, 'time'),
    source: text(row, 'source'),
  };
}

function jobStatus(row: SqlRow): JobStatus {
  const status = text(row, 'status');
  if (!isJobStatus(status)) {
    throw new TypeError(`stored job status "${status}" is not a DIRAC state`);
  }
  return status;
}
