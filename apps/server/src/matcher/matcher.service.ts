import { Injectable } from '@nestjs/common';
import { MatchRepository, type ClaimedJob, type SlotClaim } from '@majorana/db';
import { jobMatchesResource, pickQueueRuns, pickWeighted, taskQueueMatchesResource, type ResourceDescription } from '@majorana/domain';
import { describeJobs, JdlError, jobMatchAd } from '@majorana/jdl';
import { Clock, RandomSource } from '../common/clock.js';
import type { MatchedJobDto } from './dto/match-request.dto.js';
import { TaskQueueCache, type CachedTaskQueue, type TaskQueueSnapshot } from '../task-queues/task-queue-cache.js';
import { SeenResourcesService } from './seen-resources.service.js';

/** How many claimed jobs may be put back (their Requirements refuse this slot) before giving up. */
const MAX_REFUSALS = 10;
/** Slots matched in one transaction at most: enough to amortise a commit, few enough to keep p99 low. */
const MAX_BATCH = 64;
/**
 * Slots of one shape in a batch given the same queue as their first choice (pickQueueRuns): their jobs
 * then share pages, and a commit writes less than half as much as with one queue per slot.
 */
const RUN_LENGTH = 4;
/** Slot shapes whose candidate queues are remembered per task-queue snapshot. */
const MAX_SHAPES = 1_000;

interface PendingMatch {
  readonly resource: ResourceDescription;
  readonly pilotRef: string | undefined;
  readonly resolve: (job: MatchedJobDto | null) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Hands the best waiting job to a slot, DIRAC's way: the task queues the slot can serve, one
 * chosen by fair share, then ONE atomic claim of that queue's best job (so no two matchers, in any
 * number of replicas, ever get the same job), then the job's own Requirements against the slot.
 * Each match makes attempt n+1 with a fresh fencing token.
 *
 * Slots that ask at the same time are matched together in one database transaction (group commit):
 * a request waits at most for the batch before it, and the commit is paid once per batch instead of
 * once per match. Within a batch, slots of one shape take their first queue in runs of RUN_LENGTH
 * (pickQueueRuns), so that the batch's writes fall on fewer pages.
 */
@Injectable()
export class MatcherService {
  private readonly pending: PendingMatch[] = [];
  private running = 0;
  private readonly shapes = new WeakMap<TaskQueueSnapshot, Map<string, readonly CachedTaskQueue[]>>();

  constructor(
    private readonly matches: MatchRepository,
    private readonly taskQueues: TaskQueueCache,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly seen: SeenResourcesService,
  ) {}

  /** The job for this slot, or null; `pilotRef` names the pilot asking (only it may report on the attempt). */
  match(resource: ResourceDescription, pilotRef?: string): Promise<MatchedJobDto | null> {
    this.seen.record(resource);
    return new Promise((resolve, reject) => {
      this.pending.push({ resource, pilotRef, resolve, reject });
      this.startBatches();
    });
  }

  private startBatches(): void {
    if (this.pending.length === 0 || this.running >= this.matches.parallelBatches) {
      return;
    }
    this.running++;
    // After the current turn of the event loop, so that the slots asking together share the batch.
    setImmediate(() => {
      void this.runBatch().finally(() => {
        this.running--;
        this.startBatches();
      });
    });
  }

  private async runBatch(): Promise<void> {
    // Spread the waiting slots over the batches the database can run side by side.
    const size = Math.min(MAX_BATCH, Math.ceil(this.pending.length / this.matches.parallelBatches));
    const batch = this.pending.splice(0, size);
    if (batch.length === 0) {
      return;
    }
    try {
      const snapshot = await this.taskQueues.current();
      const candidates = batch.map(({ resource }) => this.candidates(resource, snapshot));
      const firstChoices = this.firstChoices(candidates);
      const slots = batch.map(({ resource, pilotRef }, index) =>
        this.slotClaim(resource, pilotRef, candidates[index]!, firstChoices[index]),
      );
      const matched = await this.matches.matchBatch(slots, { time: this.clock.now(), source: 'Matcher', maxRefusalsPerSlot: MAX_REFUSALS });
      matched.forEach((job, index) =>
        batch[index]!.resolve(
          job === null
            ? null
            : {
                JobID: job.jobId,
                attempt: job.attempt,
                fencingToken: job.fencingToken,
                Owner: job.owner,
                OwnerGroup: job.ownerGroup,
                jdl: job.currentJdl,
              },
        ),
      );
    } catch (error) {
      for (const request of batch) {
        request.reject(error);
      }
    }
  }

  /**
   * Each slot's first queue: slots with the same candidates (one shape, see `candidates`) are drawn
   * together in runs, by fair share.
   */
  private firstChoices(candidates: readonly (readonly CachedTaskQueue[])[]): (number | undefined)[] {
    const slotsByCandidates = new Map<readonly CachedTaskQueue[], number[]>();
    candidates.forEach((queues, slot) => {
      const group = slotsByCandidates.get(queues);
      if (group === undefined) {
        slotsByCandidates.set(queues, [slot]);
      } else {
        group.push(slot);
      }
    });
    const choices: (number | undefined)[] = candidates.map(() => undefined);
    for (const [queues, slots] of slotsByCandidates) {
      const picks = pickQueueRuns(weighted(queues), slots.length, RUN_LENGTH, () => this.random.next());
      slots.forEach((slot, index) => (choices[slot] = picks[index]));
    }
    return choices;
  }

  /** The matcher's rules for one slot, as the repository applies them inside the batch's transaction. */
  private slotClaim(
    resource: ResourceDescription,
    pilotRef: string | undefined,
    candidates: readonly CachedTaskQueue[],
    firstChoice: number | undefined,
  ): SlotClaim {
    return {
      ...(pilotRef === undefined ? {} : { pilotRef }),
      site: resource.site,
      ce: resource.ce ?? '',
      fencingToken: this.random.token(),
      // After the first choice (empty, or its job refused this slot), one weighted pick at a time.
      nextQueue: (empty, tries) =>
        tries === 0 && firstChoice !== undefined && !empty.has(firstChoice)
          ? firstChoice
          : pickWeighted(weighted(candidates.filter((queue) => !empty.has(queue.id))), () => this.random.next()),
      accepts: (job: ClaimedJob) => this.requirementsAccept(job.currentJdl, resource),
    };
  }

  /** The queues a slot can serve; slots of one shape (a CE's pilots) share the answer until the snapshot changes. */
  private candidates(resource: ResourceDescription, snapshot: TaskQueueSnapshot): readonly CachedTaskQueue[] {
    const select = () =>
      snapshot.queues.filter((queue) => taskQueueMatchesResource(queue.definition, resource, snapshot.bannedSites).matched);
    if (resource.classAd !== undefined) {
      return select();
    }
    let byShape = this.shapes.get(snapshot);
    if (byShape === undefined) {
      byShape = new Map();
      this.shapes.set(snapshot, byShape);
    }
    const shape = JSON.stringify(resource);
    let found = byShape.get(shape);
    if (found === undefined) {
      found = select();
      if (byShape.size < MAX_SHAPES) {
        byShape.set(shape, found);
      }
    }
    return found;
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

/** Task queues as fair-share candidates: each weighted by its priority. */
function weighted(queues: readonly CachedTaskQueue[]): { item: number; weight: number }[] {
  return queues.map((queue) => ({ item: queue.id, weight: queue.priority }));
}
