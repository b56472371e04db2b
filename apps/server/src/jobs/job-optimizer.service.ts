import { Injectable, Logger } from '@nestjs/common';
import { JobRepository, SiteMaskRepository, TaskQueueRepository, WaitingJobRepository, type JobRecord } from '@majorana/db';
import { JobStatus, taskQueueDefinitionOf, taskQueueKey } from '@majorana/domain';
import { describeJobs, JdlError, type JobDescription } from '@majorana/jdl';
import { Clock } from '../common/clock.js';
import { TaskQueueCache } from '../task-queues/task-queue-cache.js';
import { schedulingMinorStatus } from './scheduling-minor-status.js';

const SOURCE = 'Optimizer';

/**
 * DIRAC's optimizer chain, run in-process right after submission (and for rescheduled jobs):
 * Received → Checking (sanity: the stored JDL still describes a valid job) → Waiting in a task
 * queue (scheduling: the queue is chosen by owner, group, CPU-time segment, sites, platform, tags,
 * job type and processors). A job invalid in itself goes to Failed saying why; a job that no
 * current site can take stays Waiting with a minor status saying so.
 */
@Injectable()
export class JobOptimizerService {
  private readonly logger = new Logger('optimizer');

  constructor(
    private readonly jobs: JobRepository,
    private readonly taskQueues: TaskQueueRepository,
    private readonly waiting: WaitingJobRepository,
    private readonly siteMask: SiteMaskRepository,
    private readonly clock: Clock,
    private readonly taskQueueCache: TaskQueueCache,
  ) {}

  async optimize(jobIds: readonly number[]): Promise<void> {
    const sites = await this.siteMask.list();
    const known = new Set(sites.map((site) => site.site));
    const banned = new Set(sites.filter((site) => site.status === 'Banned').map((site) => site.site));
    const queueIds = new Map<string, number>();
    for (const job of await this.jobs.findByIds(jobIds)) {
      if (job.status === JobStatus.Received) {
        await this.optimizeOne(job, known, banned, queueIds);
      }
    }
    // New queues, or queues that were empty, must be seen by the matchers now, not in a second.
    this.taskQueueCache.invalidate();
  }

  private async optimizeOne(job: JobRecord, known: ReadonlySet<string>, banned: ReadonlySet<string>, queueIds: Map<string, number>): Promise<void> {
    const time = this.clock.now();
    const checking = await this.jobs.transition(job.id, {
      from: [JobStatus.Received],
      to: { status: JobStatus.Checking, minorStatus: 'JobSanity' },
      source: SOURCE,
      time,
    });
    if (!checking) {
      return; // killed or deleted meanwhile: nothing to schedule
    }
    const description = await this.readDescription(job.id);
    if (typeof description === 'string') {
      await this.fail(job.id, description);
      return;
    }
    const definition = taskQueueDefinitionOf(description, job);
    const key = taskQueueKey(definition);
    let taskQueueId = queueIds.get(key);
    if (taskQueueId === undefined) {
      taskQueueId = await this.taskQueues.findOrCreate({
        key,
        definition: JSON.stringify(definition),
        owner: job.owner,
        ownerGroup: job.ownerGroup,
        vo: job.vo,
        cpuTime: definition.cpuTime,
        createdAt: time,
      });
      queueIds.set(key, taskQueueId);
    }
    // Waiting first, queue entry second: a matcher can only claim a job that is already Waiting.
    const waiting = await this.jobs.transition(job.id, {
      from: [JobStatus.Checking],
      to: { status: JobStatus.Waiting, minorStatus: schedulingMinorStatus(definition, banned, known) },
      source: SOURCE,
      time: this.clock.now(),
      set: { taskQueueId },
    });
    if (waiting) {
      await this.waiting.enqueue([{ taskQueueId, jobId: job.id, userPriority: job.userPriority }]);
    }
  }

  /** The job's stored JDL as a description, or why it no longer is one. */
  private async readDescription(jobId: number): Promise<JobDescription | string> {
    const jdl = await this.jobs.jdl(jobId);
    if (!jdl) {
      return 'Error in JDL syntax: the job has no JDL';
    }
    try {
      const [first] = describeJobs(jdl.current, { fileName: `job ${jobId}` });
      return first ? first.description : 'Error in JDL syntax: the JDL describes no job';
    } catch (error) {
      if (error instanceof JdlError) {
        return `Error in JDL syntax: ${error.message}`;
      }
      throw error;
    }
  }

  private async fail(jobId: number, minorStatus: string): Promise<void> {
    this.logger.warn(`job ${jobId} failed in the optimizers: ${minorStatus}`);
    await this.jobs.transition(jobId, {
      from: [JobStatus.Checking],
      to: { status: JobStatus.Failed, minorStatus },
      source: SOURCE,
      time: this.clock.now(),
    });
  }
}
