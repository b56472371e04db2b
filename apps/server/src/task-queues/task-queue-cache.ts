import { Injectable } from '@nestjs/common';
import { SiteMaskRepository, TaskQueueRepository } from '@majorana/db';
import { DiracProperty, type AuthConfig } from '@majorana/auth';
import { taskQueuePriorities, type TaskQueueDefinition } from '@majorana/domain';
import { Clock } from '../common/clock.js';
import { AuthSettings } from '../identity/auth-settings.js';

export interface CachedTaskQueue {
  readonly id: number;
  readonly owner: string;
  readonly ownerGroup: string;
  readonly definition: TaskQueueDefinition;
  /** Fair-share weight among all non-empty queues (DIRAC: group share, split by owner, split by queue). */
  readonly priority: number;
}

export interface TaskQueueSnapshot {
  readonly queues: readonly CachedTaskQueue[];
  readonly bannedSites: ReadonlySet<string>;
}

/**
 * What every match needs and what changes rarely — the non-empty task queues with their fair-share
 * priorities, and the banned sites — loaded at most once a second (DESIGN.md: memory is a cache, the
 * claim is in the database). A queue that has emptied since is harmless: its claim returns nothing.
 * Submissions and site-mask changes on this replica invalidate it at once; other replicas see them
 * within the second.
 */
@Injectable()
export class TaskQueueCache {
  private static readonly TTL_MS = 1_000;
  private cached: { at: number; snapshot: Promise<TaskQueueSnapshot> } | null = null;
  private readonly groupShares: ReadonlyMap<string, number>;
  private readonly jobSharingGroups: ReadonlySet<string>;

  constructor(
    private readonly taskQueues: TaskQueueRepository,
    private readonly siteMask: SiteMaskRepository,
    private readonly clock: Clock,
    settings: AuthSettings,
  ) {
    const config: AuthConfig = settings.config;
    this.groupShares = new Map(config.groups.map((group) => [group.name, group.share]));
    this.jobSharingGroups = new Set(
      config.groups.filter((group) => group.properties.includes(DiracProperty.JobSharing)).map((group) => group.name),
    );
  }

  /** Queues that had waiting jobs at most a second ago, with their priorities, and the banned sites. */
  async current(): Promise<TaskQueueSnapshot> {
    const now = this.clock.now();
    if (!this.cached || now - this.cached.at > TaskQueueCache.TTL_MS) {
      const snapshot = this.load();
      this.cached = { at: now, snapshot };
      snapshot.catch(() => {
        this.cached = null; // a failed load is not cached: the next match tries again
      });
    }
    return this.cached.snapshot;
  }

  /** Forget the cache (after a submission creates a queue, or the site mask changes). */
  invalidate(): void {
    this.cached = null;
  }

  private async load(): Promise<TaskQueueSnapshot> {
    const [records, bannedSites] = await Promise.all([this.taskQueues.listNonEmpty(), this.siteMask.bannedSites()]);
    const queues = records.map((queue) => ({
      id: queue.id,
      owner: queue.owner,
      ownerGroup: queue.ownerGroup,
      definition: JSON.parse(queue.definition) as TaskQueueDefinition,
    }));
    // Computed once per load over every non-empty queue, as DIRAC's TaskQueueDB does, not per match.
    const priorities = taskQueuePriorities(queues, this.groupShares, this.jobSharingGroups);
    return { queues: queues.map((queue) => ({ ...queue, priority: priorities.get(queue.id) ?? 0 })), bannedSites };
  }
}
