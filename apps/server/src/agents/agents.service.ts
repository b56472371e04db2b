import { Injectable, Logger, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ServerConfig } from '../config/server-config.js';
import { ServerEvents } from '../events/server-events.js';
import { AgentTimers } from './agent-timers.js';
import { CleaningAgent } from './cleaning/cleaning.agent.js';
import { CeFleet } from './computing-elements/ce-fleet.js';
import { AgentLeases } from './leases/agent-leases.service.js';
import { LocalCeAgents } from './local/local-ce-agents.js';
import { PeriodicTask } from './periodic-task.js';
import { CePilotStatusAgent } from './pilot-status/ce-pilot-status.agent.js';
import { SiteDirectorAgent } from './site-director/site-director.agent.js';
import { StalledJobAgent } from './stalled/stalled-job.agent.js';

/**
 * Runs the agents of this process, each a periodic cycle under its database lease(s):
 *
 * - stalled jobs, every MAJORANA_STALLED_CHECK_S;
 * - the site director of the declared computing elements, every MAJORANA_SITE_DIRECTOR_S and whenever
 *   jobs become Waiting here;
 * - the pilot status agent of the declared CEs, every MAJORANA_PILOT_STATUS_S;
 * - the cleaning agent, every MAJORANA_CLEANING_S;
 * - and, when no CE is declared and MAJORANA_LOCAL_PILOTS > 0, the embedded Local CE with its own
 *   site director and pilot status agent.
 *
 * Nest calls `onModuleInit` before anything starts and `onModuleDestroy` at shutdown; `start(url)`
 * starts the cycles once the server URL the pilots connect to is known.
 */
@Injectable()
export class AgentsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('agents');
  private readonly tasks: PeriodicTask[] = [];
  private readonly unsubscribes: (() => void)[] = [];
  private started = false;

  constructor(
    private readonly stalledJobs: StalledJobAgent,
    private readonly siteDirector: SiteDirectorAgent,
    private readonly pilotStatus: CePilotStatusAgent,
    private readonly cleaning: CleaningAgent,
    private readonly fleet: CeFleet,
    private readonly leases: AgentLeases,
    private readonly timers: AgentTimers,
    private readonly events: ServerEvents,
    private readonly config: ServerConfig,
    @Optional() private readonly localCe?: LocalCeAgents,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.localCe?.prepare();
  }

  /** Starts the cycles; `serverUrl` is where pilots connect (this server, or MAJORANA_PUBLIC_URL). */
  start(serverUrl: string): void {
    if (this.started) {
      return;
    }
    this.started = true;
    this.periodic('stalled-job agent', this.config.stalledCheckIntervalS, () => this.stalledJobs.runOnce()).start();
    const director = this.periodic('site director', this.config.siteDirectorIntervalS, () => this.siteDirector.runOnce(serverUrl));
    this.unsubscribes.push(this.events.on('work-available', () => director.trigger()));
    director.start();
    this.periodic('pilot status agent', this.config.pilotStatusIntervalS, () => this.pilotStatus.runOnce()).start();
    this.periodic('cleaning agent', this.config.cleaningIntervalS, () => this.cleaning.runOnce()).start();
    this.localCe?.start(serverUrl);
    this.logger.log(
      `agents running (holder ${this.leases.holder}): stalled jobs every ${this.config.stalledCheckIntervalS} s, ` +
        `site director every ${this.config.siteDirectorIntervalS} s, pilot status every ${this.config.pilotStatusIntervalS} s, ` +
        `cleaning every ${this.config.cleaningIntervalS} s (after ${this.config.cleanAfterDays} days); ` +
        (this.localCe === undefined
          ? 'no embedded Local CE (MAJORANA_LOCAL_PILOTS=0 or computing elements declared)'
          : `embedded Local CE; its pilots connect to ${serverUrl}`),
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribes.splice(0).forEach((unsubscribe) => unsubscribe());
    await Promise.all(this.tasks.splice(0).map((task) => task.stop()));
    await this.fleet.closeAll();
    await this.localCe?.stop();
    await this.leases.releaseAll();
  }

  private periodic(name: string, intervalS: number, cycle: () => Promise<unknown>): PeriodicTask {
    const task = new PeriodicTask(intervalS * 1000, cycle, this.timers, (error) =>
      this.logger.warn(`${name} cycle failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.tasks.push(task);
    return task;
  }
}
