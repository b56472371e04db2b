import { Injectable, Logger } from '@nestjs/common';
import { CeErrorCode, CeException, type ComputingElement } from '@majorana/ce';
import { PilotRepository, StalledJobRepository } from '@majorana/db';
import { JobStatus } from '@majorana/domain';
import { Clock } from '../../common/clock.js';
import { JobRescheduler } from '../../jobs/job-rescheduler.service.js';
import { LocalCeHost } from './local-ce-host.js';
import { NON_FINAL_PILOT_STATUSES } from './non-final-pilots.js';
import { refsIssuedBy } from './refs-issued-by.js';

const SOURCE = 'LocalCE';
/** The states in which a job holds (or is about to hold) a pilot's slot. */
const HELD_BY_A_PILOT = [JobStatus.Matched, JobStatus.Running, JobStatus.Completing, JobStatus.Stalled];
/** Minor status of a job rescheduled because its Local pilot stopped with the server (its Failed one at MaxRescheduling). */
export const PILOT_STOPPED_WITH_SERVER = 'Job stalled: pilot stopped with the server';

/**
 * The Local CE's pilots live and die with the server (DESIGN.md: nothing is lost; no orphans):
 *
 * - on a clean stop, the jobs of its pilots are first taken back (rescheduled, not yet queued, so the
 *   reports the pilots send while they die are refused rather than failing the jobs), the pilots are
 *   marked Aborted "server stopped" and killed (`close()`), and only then are the jobs queued again;
 * - at start-up, after a crash, the pilots the database still has as alive are killed if they still
 *   run (a server killed with SIGKILL leaves its detached pilots behind) and marked Aborted, and the
 *   jobs they held are rescheduled at once rather than after MAJORANA_STALLED_AFTER_S.
 *
 * A job at MAJORANA_MAX_RESCHEDULING is Failed with the reason instead.
 */
@Injectable()
export class LocalPilotRecovery {
  private readonly logger = new Logger('local-ce');

  constructor(
    private readonly host: LocalCeHost,
    private readonly pilots: PilotRepository,
    private readonly stalledJobs: StalledJobRepository,
    private readonly rescheduler: JobRescheduler,
    private readonly clock: Clock,
  ) {}

  /** At start-up, once the CE is open and before anything listens. Returns the pilots aborted and the jobs taken back. */
  async afterRestart(): Promise<{ pilots: string[]; jobs: number[] }> {
    const ce = this.host.ce;
    const leftovers = await this.openPilots(ce);
    for (const ref of leftovers) {
      await this.cancelIfRunning(ce, ref);
      if (await this.pilots.ended(ref, 'Aborted', 'the server restarted without it', this.clock.now())) {
        this.logger.warn(`pilot ${ref} ended: Aborted (left running by a server that did not stop cleanly)`);
      }
    }
    const jobs = await this.takeBackJobs(ce, true);
    return { pilots: leftovers, jobs };
  }

  /** At shutdown, before the database closes. */
  async beforeStop(): Promise<{ pilots: string[]; jobs: number[] }> {
    const ce = this.host.ce;
    const taken = await this.takeBackJobs(ce, false);
    const open = await this.openPilots(ce);
    for (const ref of open) {
      if (await this.pilots.ended(ref, 'Aborted', 'server stopped', this.clock.now())) {
        this.logger.log(`pilot ${ref} ended: Aborted (server stopped)`);
      }
    }
    await this.host.close();
    await this.rescheduler.optimize(taken);
    // Pilots asked for work until they died: a job matched meanwhile goes back too.
    const late = await this.takeBackJobs(ce, true);
    return { pilots: open, jobs: [...taken, ...late] };
  }

  private async openPilots(ce: ComputingElement): Promise<string[]> {
    const open = await this.pilots.list({ ce: ce.name, status: NON_FINAL_PILOT_STATUSES });
    return refsIssuedBy(
      ce,
      open.map((pilot) => pilot.pilotRef),
    );
  }

  /** Reschedules the jobs held by this CE's pilots; returns those that went back to Received (queued when `queue`). */
  private async takeBackJobs(ce: ComputingElement, queue: boolean): Promise<number[]> {
    const held = await this.stalledJobs.jobsOnCe(ce.name, HELD_BY_A_PILOT);
    if (held.length === 0) {
      return [];
    }
    const outcomes = await this.rescheduler.reschedule(
      held.map((job) => job.id),
      { source: SOURCE, reason: PILOT_STOPPED_WITH_SERVER, from: HELD_BY_A_PILOT, optimize: queue },
    );
    return [...outcomes].filter(([, outcome]) => outcome === 'rescheduled').map(([id]) => id);
  }

  /** Kills a pilot of an earlier run that still runs; one the CE no longer knows is gone already. */
  private async cancelIfRunning(ce: ComputingElement, ref: string): Promise<void> {
    try {
      await ce.cancelPilots([ref]);
    } catch (error) {
      if (!(error instanceof CeException && error.code === CeErrorCode.UnknownPilot)) {
        this.logger.warn(`could not stop pilot ${ref} left by the earlier run: ${(error as Error).message}`);
      }
    }
  }
}
