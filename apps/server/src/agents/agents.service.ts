import { Injectable, Logger, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ServerConfig } from '../config/server-config.js';
import { AgentTimers } from './agent-timers.js';
import { AgentLeases } from './leases/agent-leases.service.js';
import { LocalCeAgents } from './local/local-ce-agents.js';
import { PeriodicTask } from './periodic-task.js';
import { StalledJobAgent } from './stalled/stalled-job.agent.js';

/**
 * Runs the agents of this process: the stalled-job agent (every MAJORANA_STALLED_CHECK_S, under a
 * database lease so one replica acts at a time) and, when MAJORANA_LOCAL_PILOTS > 0, the Local CE with
 * its site director and pilot status agent. Nest calls `onModuleInit` before the server listens and
 * `onModuleDestroy` when it closes; `start(url)` is called once it listens.
 */
@Injectable()
export class AgentsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('agents');
  private stalledTask: PeriodicTask | null = null;

  constructor(
    private readonly stalledJobs: StalledJobAgent,
    private readonly leases: AgentLeases,
    private readonly timers: AgentTimers,
    private readonly config: ServerConfig,
    @Optional() private readonly localCe?: LocalCeAgents,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.localCe?.prepare();
  }

  /** Starts the cycles; `serverUrl` is where this server listens (the Local pilots connect there). */
  start(serverUrl: string): void {
    if (this.stalledTask !== null) {
      return;
    }
    this.stalledTask = new PeriodicTask(
      this.config.stalledCheckIntervalS * 1000,
      () => this.stalledJobs.runOnce(),
      this.timers,
      (error) => this.logger.warn(`stalled-job agent cycle failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.stalledTask.start();
    this.localCe?.start(serverUrl);
    this.logger.log(
      `agents running: stalled jobs every ${this.config.stalledCheckIntervalS} s` +
        (this.localCe === undefined ? ', no Local CE (MAJORANA_LOCAL_PILOTS=0)' : `, Local CE pilots connect to ${serverUrl}`),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.stalledTask?.stop();
    this.stalledTask = null;
    await this.localCe?.stop();
    await this.leases.releaseAll();
  }
}
