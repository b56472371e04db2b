import { Injectable } from '@nestjs/common';
import { TaskQueueRepository } from '@majorana/db';
import { DiracProperty, type AuthConfig } from '@majorana/auth';
import { taskQueuePriorities, type TaskQueueDefinition } from '@majorana/domain';
import { Clock } from '../common/clock.js';
import { AuthSettings } from '../identity/auth-settings.js';

export interface CachedTaskQueue {
  readonly id: number;
  readonly owner: string;
  readonly ownerGroup: string;
  readonly definition: TaskQueueDefinition;
}

/**
 * Task-queue definitions change rarely and every match needs them, so they are cached for a
 * second (DESIGN.md: memory is a cache, the claim is in the database). A queue that has emptied
 * since is harmless: its claim simply returns nothing.
 */
@Injectable()
export class TaskQueueCache {
  private static readonly TTL_MS = 1_000;
  private cached: { at: number; queues: Promise<CachedTaskQueue[]> } | null = null;
  private readonly groupShares: ReadonlyMap<string, number>;
  private readonly jobSharingGroups: ReadonlySet<string>;

  constructor(
    private readonly taskQueues: TaskQueueRepository,
    private readonly clock: Clock,
    settings: AuthSettings,
  ) {
    const config: AuthConfig = settings.config;
    this.groupShares = new Map(config.groups.map((group) => [group.name, group.share]));
    this.jobSharingGroups = new Set(
      config.groups.filter((group) => group.properties.includes(DiracProperty.JobSharing)).map((group) => group.name),
    );
  }

  /** Queues that had waiting jobs at most a second ago. */
  async current(): Promise<CachedTaskQueue[]> {
    const now = this.clock.now();
    if (!this.cached || now - this.cached.at > TaskQueueCache.TTL_MS) {
      this.cached = { at: now, queues: this.load() };
    }
    return [...(await this.cached.queues)];
  }

  /** Fair-share weight of each candidate queue (DIRAC: group share, split by owner, split by queue). */
  priorities(candidates: readonly CachedTaskQueue[]): Map<number, number> {
    return taskQueuePriorities(candidates, this.groupShares, this.jobSharingGroups);
  }

  /** Forget the cache (after a submission creates a queue, so new work is seen at once). */
  invalidate(): void {
    this.cached = null;
  }

  private async load(): Promise<CachedTaskQueue[]> {
    const queues = await this.taskQueues.list();
    return queues
      .filter((queue) => queue.waitingJobs > 0)
      .map((queue) => ({
        id: queue.id,
        owner: queue.owner,
        ownerGroup: queue.ownerGroup,
        definition: JSON.parse(queue.definition) as TaskQueueDefinition,
      }));
  }
}
