import { Injectable } from '@nestjs/common';
import { JobRepository, SiteMaskRepository, TaskQueueRepository } from '@majorana/db';
import { explainJob, taskQueueDefinitionOf, type TaskQueueDefinition } from '@majorana/domain';
import { describeJobs, JdlError, jobMatchAd, type ClassAdExpr } from '@majorana/jdl';
import type { Principal } from '@majorana/auth';
import { Clock, RandomSource } from '../common/clock.js';
import { JobQueryService } from '../jobs/job-query.service.js';
import { SeenResourcesService } from '../matcher/seen-resources.service.js';
import type { ExplainDto } from './dto/explain.dto.js';

/**
 * "Why is my job not running?" — every check computed now against the site mask, the known sites
 * and computing elements, and the slots that asked for work recently. Computing elements are
 * configured with the site directors (a later issue); until then that check says none is known.
 */
@Injectable()
export class ExplainService {
  constructor(
    private readonly query: JobQueryService,
    private readonly jobs: JobRepository,
    private readonly taskQueues: TaskQueueRepository,
    private readonly siteMask: SiteMaskRepository,
    private readonly seen: SeenResourcesService,
    private readonly clock: Clock,
    private readonly random: RandomSource,
  ) {}

  async explain(principal: Principal, jobId: number): Promise<ExplainDto> {
    const job = await this.query.visibleJob(principal, jobId);
    const [sites, jdl, queue] = await Promise.all([
      this.siteMask.list(),
      this.jobs.jdl(jobId),
      job.taskQueueId === null ? Promise.resolve(null) : this.taskQueues.findById(job.taskQueueId),
    ]);
    const described = jdl ? describeOrNull(jdl.current, jobId) : null;
    const definition: TaskQueueDefinition | null = queue
      ? (JSON.parse(queue.definition) as TaskQueueDefinition)
      : described
        ? taskQueueDefinitionOf(described.description, job)
        : null;
    const jobAd: ClassAdExpr | null = described ? jobMatchAd(described) : null;
    const resources = this.seen.current();
    const now = this.clock.now();
    const checks = explainJob({
      status: job.status,
      definition,
      jobAd,
      bannedSites: new Set(sites.filter((site) => site.status === 'Banned').map((site) => site.site)),
      knownSites: [...new Set([...sites.map((site) => site.site), ...resources.map((resource) => resource.site)])],
      computingElements: [],
      resources,
      clock: { now: () => now, random: () => this.random.next() },
    });
    return { JobID: job.id, Status: job.status, taskQueue: job.taskQueueId, checks: checks.map((check) => ({ ...check })) };
  }
}

function describeOrNull(jdl: string, jobId: number): ReturnType<typeof describeJobs>[number] | null {
  try {
    return describeJobs(jdl, { fileName: `job ${jobId}` })[0] ?? null;
  } catch (error) {
    if (error instanceof JdlError) {
      return null;
    }
    throw error;
  }
}
