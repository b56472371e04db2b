import type { JobStatus } from '@majorana/domain';

/** A job as stored; times are integer milliseconds since the epoch. */
export interface JobRecord {
  readonly id: number;
  readonly status: JobStatus;
  readonly minorStatus: string;
  readonly applicationStatus: string;
  readonly owner: string;
  readonly ownerGroup: string;
  readonly vo: string;
  /** The site the job is (or was last) matched to; `ANY` before a match. */
  readonly site: string;
  readonly jobName: string;
  readonly jobGroup: string;
  readonly jobType: string;
  readonly userPriority: number;
  readonly taskQueueId: number | null;
  /** How many times the job was matched (attempt n carries fencing token n, see JobAttemptRepository). */
  readonly attempt: number;
  readonly rescheduleCounter: number;
  readonly submissionTime: number;
  readonly lastUpdateTime: number;
  readonly heartBeatTime: number | null;
  readonly startExecTime: number | null;
  readonly endExecTime: number | null;
}

/** A job to store: it starts Received, with a first logging record. */
export interface NewJob {
  readonly owner: string;
  readonly ownerGroup: string;
  readonly vo: string;
  readonly jobName: string;
  readonly jobType: string;
  /** @default '' */
  readonly jobGroup?: string;
  /** A site the user asked for, or `ANY`. @default 'ANY' */
  readonly site?: string;
  readonly userPriority: number;
  readonly originalJdl: string;
  /** The JDL after parametric expansion and defaults; the optimizers may rewrite it later. */
  readonly currentJdl: string;
  /** Also the time of the first logging record and the first lastUpdateTime. */
  readonly submissionTime: number;
  /** @default 'Job accepted' (DIRAC's) */
  readonly minorStatus?: string;
  /** Who recorded the first logging record. @default 'JobManager' */
  readonly source?: string;
}

/** One line of a job's history. */
export interface LoggingRecord {
  readonly id: number;
  readonly jobId: number;
  readonly status: JobStatus;
  readonly minorStatus: string;
  readonly applicationStatus: string;
  readonly time: number;
  readonly source: string;
}

export interface JobParameter {
  readonly name: string;
  readonly value: string;
}

export interface JobJdl {
  readonly original: string;
  readonly current: string;
}

/** The status triple a transition moves a job to. */
export interface JobStateChange {
  readonly status: JobStatus;
  readonly minorStatus: string;
  /** Unchanged when absent. */
  readonly applicationStatus?: string;
}

/** Attributes that change together with a state (e.g. site and attempt at a match), in the same UPDATE. */
export interface JobAttributeChange {
  readonly site?: string;
  readonly attempt?: number;
  readonly taskQueueId?: number | null;
  readonly heartBeatTime?: number;
  readonly startExecTime?: number;
  readonly endExecTime?: number;
}

/** A compare-and-set state change: applied only if the job is in one of `from` when the UPDATE runs. */
export interface JobTransition {
  readonly from: readonly JobStatus[];
  readonly to: JobStateChange;
  /** Who made the change (component or user), kept in the logging record. */
  readonly source: string;
  readonly time: number;
  readonly set?: JobAttributeChange;
}
