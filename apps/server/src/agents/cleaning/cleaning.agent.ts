import { Injectable, Logger } from '@nestjs/common';
import { CleaningRepository, JobRepository, PilotRepository } from '@majorana/db';
import { JobStatus } from '@majorana/domain';
import { Clock } from '../../common/clock.js';
import { ServerConfig } from '../../config/server-config.js';
import { SandboxService } from '../../sandboxes/sandbox.service.js';
import { AgentLeases } from '../leases/agent-leases.service.js';

export const CLEANING_LEASE = 'cleaning-agent';
const SOURCE = 'CleaningAgent';
/** Jobs one cycle deletes at most: a years-old backlog is worked off over cycles, each one short. */
export const CLEANING_BATCH = 500;
/** The states a job is cleaned from (DIRAC's JobCleaningAgent: Done, Failed, Killed). */
export const CLEANABLE_STATUSES: readonly JobStatus[] = [JobStatus.Done, JobStatus.Failed, JobStatus.Killed];
const ENDED_STATUSES: readonly JobStatus[] = [...CLEANABLE_STATUSES, JobStatus.Deleted];
const DAY_MS = 24 * 3600 * 1000;

export interface CleaningCycle {
  /** Jobs moved to Deleted. */
  readonly deleted: readonly number[];
  /** Sandbox archives removed from the store. */
  readonly sandboxesRemoved: number;
  readonly heartbeatRowsDropped: number;
  readonly loggingRecordsTrimmed: number;
  readonly pilotsDeleted: number;
}

/**
 * DIRAC's JobCleaningAgent. Each cycle, under the `cleaning-agent` lease, with N = MAJORANA_CLEAN_AFTER_DAYS:
 *
 * 1. Done, Failed and Killed jobs unchanged for N days become Deleted ("Cleaned after N days"); their
 *    sandboxes are released (an archive no other job uses is removed) and their heartbeat rows dropped;
 * 2. heartbeat rows left by jobs that ended are dropped (they are only for peeking at running jobs);
 * 3. jobs Deleted for N days keep only the last record of their logging history (the job row stays, so
 *    its id still answers "Deleted");
 * 4. pilots that ended N days ago become Deleted; sandboxes nobody uses since N days are removed.
 *
 * Each step is bounded (CLEANING_BATCH): a backlog is worked off over cycles.
 */
@Injectable()
export class CleaningAgent {
  private readonly logger = new Logger('cleaning-agent');

  constructor(
    private readonly cleaning: CleaningRepository,
    private readonly jobs: JobRepository,
    private readonly pilots: PilotRepository,
    private readonly sandboxes: SandboxService,
    private readonly leases: AgentLeases,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  /** One cycle; null when another process holds the lease. */
  async runOnce(): Promise<CleaningCycle | null> {
    if (!(await this.leases.hold(CLEANING_LEASE, 3 * this.config.cleaningIntervalS * 1000))) {
      return null;
    }
    const now = this.clock.now();
    const cutoff = now - this.config.cleanAfterDays * DAY_MS;
    const candidates = await this.cleaning.jobsLastChangedBefore(CLEANABLE_STATUSES, cutoff, CLEANING_BATCH);
    const deleted = await this.jobs.transitionMany(candidates, {
      from: CLEANABLE_STATUSES,
      to: { status: JobStatus.Deleted, minorStatus: `Cleaned after ${this.config.cleanAfterDays} days` },
      source: SOURCE,
      time: now,
    });
    let sandboxesRemoved = 0;
    for (const jobId of deleted) {
      sandboxesRemoved += await this.sandboxes.releaseJob(jobId);
    }
    const heartbeatRowsDropped =
      (await this.cleaning.dropHeartbeats(deleted)) + (await this.cleaning.dropHeartbeatsOfEndedJobs(ENDED_STATUSES, CLEANING_BATCH));
    const loggingRecordsTrimmed = await this.cleaning.trimLoggingHistory(
      await this.cleaning.deletedJobsWithHistory(cutoff, CLEANING_BATCH),
    );
    const pilotsDeleted = await this.pilots.markDeletedEndedBefore(cutoff, CLEANING_BATCH);
    sandboxesRemoved += await this.sandboxes.purgeUnreferenced(cutoff);
    const cycle = { deleted, sandboxesRemoved, heartbeatRowsDropped, loggingRecordsTrimmed, pilotsDeleted };
    this.logger.log(
      `cleaned (older than ${this.config.cleanAfterDays} days): ${deleted.length} job(s) Deleted, ${sandboxesRemoved} sandbox(es) removed, ` +
        `${heartbeatRowsDropped} heartbeat row(s) and ${loggingRecordsTrimmed} logging record(s) dropped, ${pilotsDeleted} pilot(s) Deleted`,
    );
    return cycle;
  }
}
