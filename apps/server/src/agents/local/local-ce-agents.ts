import { Injectable, Logger } from '@nestjs/common';
import { ServerConfig } from '../../config/server-config.js';
import { ServerEvents } from '../../events/server-events.js';
import { AgentsStartupError } from '../agents-startup.error.js';
import { AgentTimers } from '../agent-timers.js';
import { PeriodicTask } from '../periodic-task.js';
import { LocalCeHost } from './local-ce-host.js';
import { LocalPilotRecovery } from './local-pilot-recovery.js';
import { LocalPilotStatusAgent } from './local-pilot-status.agent.js';
import { LocalSiteDirector } from './local-site-director.js';
import { NoPilotIdentityError, PilotTokenFile } from './pilot-token-file.js';

/**
 * The embedded Local CE and its agents, as `majorana up` runs them: `prepare()` before the server
 * listens (pilot token, CE opened, pilots of an earlier run recovered), `start(url)` once it listens
 * (the pilots need its URL: the site director every MAJORANA_SITE_DIRECTOR_S and whenever jobs become
 * Waiting or a Local pilot connects or leaves, the pilot status agent every MAJORANA_PILOT_STATUS_S),
 * `stop()` at shutdown (the pilots stop with the server, their jobs go back to the queues).
 */
@Injectable()
export class LocalCeAgents {
  private readonly logger = new Logger('local-ce');
  private state: 'new' | 'prepared' | 'started' | 'stopped' = 'new';
  private readonly tasks: PeriodicTask[] = [];
  private readonly unsubscribes: (() => void)[] = [];

  constructor(
    private readonly host: LocalCeHost,
    private readonly director: LocalSiteDirector,
    private readonly statusAgent: LocalPilotStatusAgent,
    private readonly recovery: LocalPilotRecovery,
    private readonly tokenFile: PilotTokenFile,
    private readonly events: ServerEvents,
    private readonly timers: AgentTimers,
    private readonly config: ServerConfig,
  ) {}

  async prepare(): Promise<void> {
    if (this.state !== 'new') {
      return;
    }
    try {
      await this.tokenFile.ensure();
    } catch (error) {
      throw error instanceof NoPilotIdentityError ? new AgentsStartupError(error.message) : error;
    }
    await this.host.open();
    try {
      const recovered = await this.recovery.afterRestart();
      if (recovered.pilots.length > 0 || recovered.jobs.length > 0) {
        this.logger.warn(
          `recovered from an unclean stop: ${recovered.pilots.length} pilot(s) Aborted, ${recovered.jobs.length} job(s) rescheduled`,
        );
      }
    } catch (error) {
      await this.host.close();
      throw error;
    }
    this.state = 'prepared';
  }

  start(serverUrl: string): void {
    if (this.state !== 'prepared') {
      return;
    }
    this.state = 'started';
    const director = this.periodic(this.config.siteDirectorIntervalS, 'site director', () => this.director.runOnce(serverUrl));
    const status = this.periodic(this.config.pilotStatusIntervalS, 'pilot status agent', () => this.statusAgent.runOnce());
    this.unsubscribes.push(
      this.events.on('work-available', () => director.trigger()),
      this.events.on('pilots-changed', ({ ce }) => {
        if (ce === this.host.ce.name) {
          director.trigger();
        }
      }),
    );
    director.start();
    status.start();
  }

  async stop(): Promise<void> {
    if (this.state !== 'prepared' && this.state !== 'started') {
      return;
    }
    this.state = 'stopped';
    this.unsubscribes.splice(0).forEach((unsubscribe) => unsubscribe());
    await Promise.all(this.tasks.splice(0).map((task) => task.stop()));
    const stopped = await this.recovery.beforeStop();
    this.logger.log(`Local CE closed: ${stopped.pilots.length} pilot(s) stopped, ${stopped.jobs.length} job(s) back in the queues`);
  }

  private periodic(intervalS: number, name: string, cycle: () => Promise<unknown>): PeriodicTask {
    const task = new PeriodicTask(intervalS * 1000, cycle, this.timers, (error) =>
      this.logger.warn(`${name} cycle failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.tasks.push(task);
    return task;
  }
}
