/** The part of a task queue fair share looks at. */
export interface FairShareQueue {
  readonly id: number;
  readonly owner: string;
  readonly ownerGroup: string;
}

/** DIRAC's share of a group that the configuration does not mention. */
export const DEFAULT_GROUP_SHARE = 1000;

/**
 * DIRAC's fair share (TaskQueueDB.recalculateTQSharesForAll): each group gets its configured share;
 * inside a group the share is split equally between the owners that have waiting work, and each
 * owner's part equally between that owner's task queues, so an owner who spreads jobs over many queues
 * gets no more than one with a single queue. A group with the JobSharing property is one pool:
 * its share is split between its queues whoever owns them.
 *
 * Pass only queues that have waiting jobs: an idle owner must not dilute the others' share.
 * DIRAC further weighs a queue by its jobs' Priority inside the owner's part; that is left out here.
 *
 * @returns each queue's priority: the weight a matcher picks it with (see pickWeighted).
 */
export function taskQueuePriorities(
  queues: readonly FairShareQueue[],
  groupShares: ReadonlyMap<string, number>,
  jobSharingGroups: ReadonlySet<string>,
  defaultShare = DEFAULT_GROUP_SHARE,
): Map<number, number> {
  // Queues per pool, where a pool is a whole JobSharing group or one owner within a group.
  const pools = new Map<string, FairShareQueue[]>();
  const poolsPerGroup = new Map<string, Set<string>>();
  for (const queue of queues) {
    const pool = poolOf(queue, jobSharingGroups);
    pools.set(pool, [...(pools.get(pool) ?? []), queue]);
    poolsPerGroup.set(queue.ownerGroup, (poolsPerGroup.get(queue.ownerGroup) ?? new Set<string>()).add(pool));
  }
  const poolShare = new Map<string, number>();
  for (const [group, groupPools] of poolsPerGroup) {
    const share = groupShares.get(group) ?? defaultShare;
    for (const pool of groupPools) {
      poolShare.set(pool, share / groupPools.size);
    }
  }
  // In the order the queues were given, so callers (and their logs) see a stable order.
  return new Map(
    queues.map((queue) => {
      const pool = poolOf(queue, jobSharingGroups);
      return [queue.id, (poolShare.get(pool) ?? 0) / (pools.get(pool)?.length ?? 1)];
    }),
  );
}

/** A pool's key; JSON keeps a group and an owner apart whatever characters their names hold. */
function poolOf(queue: FairShareQueue, jobSharingGroups: ReadonlySet<string>): string {
  return JSON.stringify(jobSharingGroups.has(queue.ownerGroup) ? [queue.ownerGroup] : [queue.ownerGroup, queue.owner]);
}
