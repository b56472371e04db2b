import { MajoranaException } from '@majorana/domain';

export enum JobErrorCode {
  /** No job with that ID (or none the caller may see: we do not reveal which). */
  NotFound = 'JOB_NOT_FOUND',
  /** The job exists, the caller may see it, but may not do this to it. */
  Forbidden = 'JOB_FORBIDDEN',
  /** A search or summary asked for something that does not exist. */
  InvalidQuery = 'JOB_INVALID_QUERY',
  /** A submission asked for more jobs than one request may make. */
  TooManyJobs = 'JOB_TOO_MANY',
}

export class JobException extends MajoranaException<JobErrorCode> {}

/** "No such job" (or none the caller may see: we do not reveal which), saying how to find one's jobs. */
export function jobNotFound(jobId: number): JobException {
  return new JobException(JobErrorCode.NotFound, `there is no job ${jobId}: check the ID (\`majorana job select\` lists yours)`);
}
