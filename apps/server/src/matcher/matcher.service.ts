import { Injectable } from '@nestjs/common';
import { JobAttemptRepository, JobRepository, WaitingJobRepository } from '@majorana/db';
import { jobMatchesResource, JobStatus, pickWeighted, taskQueueMatchesResource, type ResourceDescription } from '@majorana/domain';
import { describeJobs, JdlError, jobMatchAd } from '@majorana/jdl';
import { Clock, RandomSource } from '../common/clock.js';
import type { MatchedJobDto } from './dto/match-request.dto.js';
import { TaskQueueCache, type CachedTaskQueue } from '../task-queues/task-queue-cache.js';
import { SeenResourcesService } from './seen-resources.service.js';

/** How many claimed jobs may be put back (their Requirements refuse this slot) before giving up. */
const MAX_REFUSALS = 10;

/**
 * Hands the best waiting job to a slot, DIRAC's way: the task queues the slot can serve, one
 * chosen by fair share, then ONE atomic claim of that queue's best job (so no two matchers, in any
 * number of replicas, ever get the same job), then the job's own Requirements against the slot.
 * Each match makes attempt n+1 with a fresh fencing token.
 */
@Injectable()
export class MatcherService {
  constructor(
    private readonly jobs: JobRepository,
    private readonly waiting: WaitingJobRepository,
    private readonly attempts: JobAttemptRepository,
    private readonly taskQueues: TaskQueueCache,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly seen: SeenResourcesService,
  ) {}

  async match(resource: ResourceDescription): Promise<MatchedJobDto | null> {
    this.seen.record(resource);
    const { queues, bannedSites } = await this.taskQueues.current();
    const candidates = queues.filter((queue) => taskQueueMatchesResource(queue.definition, resource, bannedSites).matched);
    const refused: { taskQueueId: number; jobId: number; userPriority: number }[] = [];
    try {
      while (candidates.length > 0 && refused.length < MAX_REFUSALS) {
        const queue = this.choose(candidates);
        if (!queue) {
          return null;
        }
        const jobId = await this.waiting.claim(queue.id);
        if (jobId === null) {
          candidates.splice(candidates.indexOf(queue), 1); // empty (another matcher was faster)
          continue;
        }
        const matched = await this.assign(jobId, resource);
        if (matched !== null && 'refusedWithPriority' in matched) {
          refused.push({ taskQueueId: queue.id, jobId, userPriority: matched.refusedWithPriority });
          continue;
        }
        if (matched) {
          return matched;
        }
      }
      return null;
    } finally {
      if (refused.length > 0) {
        // Put back where they were: their Requirements refused this slot, not the next one.
        await this.waiting.enqueue(refused);
      }
    }
  }

  private choose(candidates: readonly CachedTaskQueue[]): CachedTaskQueue | undefined {
    return pickWeighted(
      candidates.map((queue) => ({ item: queue, weight: queue.priority })),
      () => this.random.next(),
    );
  }

  /** The claimed job, matched to this slot; its priority when its Requirements say no (to put it back); null when it is gone. */
  private async assign(jobId: number, resource: ResourceDescription): Promise<MatchedJobDto | { refusedWithPriority: number } | null> {
    const [job, jdl] = await Promise.all([this.jobs.findById(jobId), this.jobs.jdl(jobId)]);
    if (!job || !jdl || job.status !== JobStatus.Waiting) {
      return null;
    }
    if (!this.requirementsAccept(jdl.current, resource)) {
      return { refusedWithPriority: job.userPriority };
    }
    const attempt = job.attempt + 1;
    const now = this.clock.now();
    const assigned = await this.jobs.transition(jobId, {
      from: [JobStatus.Waiting],
      to: { status: JobStatus.Matched, minorStatus: 'Assigned' },
      source: 'Matcher',
      time: now,
      set: { site: resource.site, attempt },
    });
    if (!assigned) {
      return null; // killed while we looked at it: the queue entry is gone with it
    }
    const fencingToken = this.random.token();
    await this.attempts.create({ jobId, attempt, fencingToken, site: resource.site, ce: resource.ce ?? '', matchedAt: now });
    return { JobID: jobId, attempt, fencingToken, Owner: job.owner, OwnerGroup: job.ownerGroup, jdl: jdl.current };
  }

  private requirementsAccept(jdl: string, resource: ResourceDescription): boolean {
    // The task queue already matched the slot; only Requirements (the job's or the slot's own) can still
    // refuse, so the JDL is parsed only when one of them exists. `Requirements` can only appear as an
    // attribute name, a string or a comment: a false positive merely costs the parse.
    if (!/requirements/i.test(jdl) && !resource.classAd) {
      return true;
    }
    try {
      const [described] = describeJobs(jdl, { fileName: 'job' });
      if (!described) {
        return false;
      }
      const now = this.clock.now();
      return jobMatchesResource(jobMatchAd(described), resource, { now: () => now, random: () => this.random.next() }).matched;
    } catch (error) {
      if (error instanceof JdlError) {
        return false;
      }
      throw error;
    }
  }
}
