/** A task queue: jobs with identical requirements, matched together. */
export interface TaskQueueRecord {
  readonly id: number;
  /** sha-256 (64 lowercase hex digits) of the canonical definition. */
  readonly key: string;
  /** The definition as the domain layer serialised it (JSON text), returned untouched. */
  readonly definition: string;
  readonly owner: string;
  readonly ownerGroup: string;
  readonly vo: string;
  /** Seconds of CPU the queue's jobs ask for. */
  readonly cpuTime: number;
  readonly createdAt: number;
}

export type NewTaskQueue = Omit<TaskQueueRecord, 'id'>;

export interface TaskQueueWithCount extends TaskQueueRecord {
  /** Jobs currently waiting in the queue (not yet claimed). */
  readonly waitingJobs: number;
}

/** A job to put in (or move to) a task queue. */
export interface WaitingJob {
  readonly taskQueueId: number;
  readonly jobId: number;
  /** Higher is claimed first; equal priorities go oldest job first. */
  readonly userPriority: number;
}
