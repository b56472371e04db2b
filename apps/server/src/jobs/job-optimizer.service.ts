import { Injectable, Logger } from '@nestjs/common';
import { JobRepository, SiteMaskRepository, TaskQueueRepository, WaitingJobRepository } from '@majorana/db';
import { JobStatus, taskQueueDefinitionOf, taskQueueKey, type TaskQueueDefinition } from '@majorana/domain';
import { describeJobs, JdlError, type JobDescription } from '@majorana/jdl';
import { Clock } from '../common/clock.js';
import { ServerEvents } from '../events/server-events.js';
import { TaskQueueCache } from '../task-queues/task-queue-cache.js';
import { schedulingMinorStatus } from './scheduling-minor-status.js';

const SOURCE = 'Optimizer';

/** A Received job to optimise: who owns it, and its description (or why its JDL no longer describes a job). */
export interface OptimizerEntry {
  readonly id: number;
  readonly owner: string;
  readonly ownerGroup: string;
  readonly vo: string;
  readonly userPriority: number;
  readonly description: JobDescription | { readonly invalid: string };
}

/**
 * DIRAC's optimizer chain, run in-process right after submission (and for rescheduled jobs):
 * Received → Checking (sanity: the JDL describes a valid job) → Waiting in a task queue
 * (scheduling: the queue is chosen by owner, group, CPU-time segment, sites, platform, tags, job
 * type and processors). A job invalid in itself goes to Failed saying why; a job that no current
 * site can take stays Waiting with a minor status saying so. Jobs move in batches, a task queue at
 * a time, so a 10,000-job submission costs a few statements per queue, not per job.
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
    private readonly events: ServerEvents,
  ) {}

  /** Optimises stored Received jobs, reading their current JDL (rescheduled jobs, recovery). */
  async optimize(jobIds: readonly number[]): Promise<void> {
    const entries: OptimizerEntry[] = [];
    for (const job of await this.jobs.findByIds(jobIds)) {
      if (job.status === JobStatus.Received) {
        entries.push({ ...job, description: await this.readDescription(job.id) });
      }
    }
    await this.optimizeEntries(entries);
  }

  /** Optimises jobs just submitted, whose descriptions the submission already holds. */
  async optimizeEntries(entries: readonly OptimizerEntry[]): Promise<void> {
    if (entries.length === 0) {
      return;
    }
    const checking = new Set(
      await this.jobs.transitionMany(
        entries.map((entry) => entry.id),
        {
          from: [JobStatus.Received],
          to: { status: JobStatus.Checking, minorStatus: 'JobSanity' },
          source: SOURCE,
          time: this.clock.now(),
        },
      ),
    );
    const groups = new Map<string, { definition: TaskQueueDefinition; entries: OptimizerEntry[] }>();
    for (const entry of entries) {
      if (!checking.has(entry.id)) {
        continue; // killed or deleted meanwhile: nothing to schedule
      }
      if ('invalid' in entry.description) {
        await this.fail(entry.id, entry.description.invalid);
        continue;
      }
      const definition = taskQueueDefinitionOf(entry.description, entry);
      const key = taskQueueKey(definition);
      const group = groups.get(key) ?? { definition, entries: [] };
      group.entries.push(entry);
      groups.set(key, group);
    }
    const sites = await this.siteMask.list();
    const known = new Set(sites.map((site) => site.site));
    const banned = new Set(sites.filter((site) => site.status === 'Banned').map((site) => site.site));
    const waiting: number[] = [];
    for (const [key, group] of groups) {
      waiting.push(...(await this.enqueue(key, group.definition, group.entries, known, banned)));
    }
    // New queues, or queues that were empty, must be seen by the matchers now, not in a second.
    this.taskQueueCache.invalidate();
    if (waiting.length > 0) {
      // Parked pilots and the site directors of this replica act now rather than at their next poll.
      this.events.emit('work-available', { jobIds: waiting });
    }
  }

  private async enqueue(
    key: string,
    definition: TaskQueueDefinition,
    entries: readonly OptimizerEntry[],
    known: ReadonlySet<string>,
    banned: ReadonlySet<string>,
  ): Promise<number[]> {
    const time = this.clock.now();
    const taskQueueId = await this.taskQueues.findOrCreate({
      key,
      definition: JSON.stringify(definition),
      owner: definition.owner,
      ownerGroup: definition.ownerGroup,
      vo: definition.vo,
      cpuTime: definition.cpuTime,
      createdAt: time,
    });
    // Waiting first, queue entry second: a matcher can only claim a job that is already Waiting.
    const waiting = new Set(
      await this.jobs.transitionMany(
        entries.map((entry) => entry.id),
        {
          from: [JobStatus.Checking],
          to: { status: JobStatus.Waiting, minorStatus: schedulingMinorStatus(definition, banned, known) },
          source: SOURCE,
          time,
          set: { taskQueueId },
        },
      ),
    );
    const enqueued = entries.filter((entry) => waiting.has(entry.id));
    await this.waiting.enqueue(enqueued.map((entry) => ({ taskQueueId, jobId: entry.id, userPriority: entry.userPriority })));
    return enqueued.map((entry) => entry.id);
  }

  /** The job's stored JDL as a description, or why it no longer is one. */
  private async readDescription(jobId: number): Promise<OptimizerEntry['description']> {
    const jdl = await this.jobs.jdl(jobId);
    if (!jdl) {
      return { invalid: 'Error in JDL syntax: the job has no JDL' };
    }
    try {
      const [first] = describeJobs(jdl.current, { fileName: `job ${jobId}` });
      return first ? first.description : { invalid: 'Error in JDL syntax: the JDL describes no job' };
    } catch (error) {
      if (error instanceof JdlError) {
        return { invalid: `Error in JDL syntax: ${error.message}` };
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
