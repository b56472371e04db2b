import { GroupEntity } from './group.entity.js';
import { IssuedTokenEntity } from './issued-token.entity.js';
import { JobAttemptEntity } from './job-attempt.entity.js';
import { JobJdlEntity } from './job-jdl.entity.js';
import { JobParameterEntity } from './job-parameter.entity.js';
import { JobEntity } from './job.entity.js';
import { LoggingRecordEntity } from './logging-record.entity.js';
import { SiteMaskEntity } from './site-mask.entity.js';
import { TaskQueueEntity } from './task-queue.entity.js';
import { UserEntity } from './user.entity.js';
import { WaitingJobEntity } from './waiting-job.entity.js';

/** Registered explicitly (no globs): a bundled or moved build still finds every entity. */
export const ALL_ENTITIES = [
  JobEntity,
  JobJdlEntity,
  LoggingRecordEntity,
  JobParameterEntity,
  TaskQueueEntity,
  WaitingJobEntity,
  JobAttemptEntity,
  SiteMaskEntity,
  UserEntity,
  GroupEntity,
  IssuedTokenEntity,
];
