import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { AgentLeaseRepository, StalledJobRepository } from '@majorana/db';
import { DataSource } from 'typeorm';
import { JobsModule } from '../jobs/jobs.module.js';
import { PilotsModule } from '../pilots/pilots.module.js';
import { TaskQueuesModule } from '../task-queues/task-queues.module.js';
import { AgentTimers } from './agent-timers.js';
import { AgentsService } from './agents.service.js';
import { CeRegistryModule } from './ce-registry/ce-registry.module.js';
import { AGENT_HOLDER, AgentLeases, newAgentHolder } from './leases/agent-leases.service.js';
import { LocalCeAgents } from './local/local-ce-agents.js';
import { LocalCeHost } from './local/local-ce-host.js';
import { LOCAL_PILOT_PROGRAM, type LocalPilotProgram } from './local/local-ce.tokens.js';
import { LocalMachine } from './local/local-machine.js';
import { BUNDLED_PILOT_SCRIPT } from './local/local-pilot-launch.js';
import { LocalPilotRecovery } from './local/local-pilot-recovery.js';
import { LocalPilotStatusAgent } from './local/local-pilot-status.agent.js';
import { LocalSiteDirector } from './local/local-site-director.js';
import { PilotTokenFile } from './local/pilot-token-file.js';
import { StalledJobAgent } from './stalled/stalled-job.agent.js';

export interface AgentsOptions {
  /** Run the embedded Local CE and its site director (`majorana up`, when MAJORANA_LOCAL_PILOTS > 0). */
  readonly localCe: boolean;
  /** How Local pilots start. @default this node and the bundled pilot/dist/pilot.js */
  readonly pilotProgram?: LocalPilotProgram;
}

/**
 * The agents, in the server process for now: `majorana up` runs them beside the server, `majorana
 * server` replicas do not. DESIGN.md puts them in their own app (apps/agents); a later issue moves
 * this module there unchanged — everything it shares with the server goes through the database
 * (leases, pilots, jobs) or through Nest providers it imports, never through the server's memory,
 * except the shortcuts of ServerEvents and PilotConnections, which the database backs up.
 */
@Module({})
export class AgentsModule {
  static forRoot(options: AgentsOptions): DynamicModule {
    const repositories: Provider[] = [AgentLeaseRepository, StalledJobRepository].map((repository) => ({
      provide: repository,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new repository(dataSource),
    }));
    const localCe: Provider[] = options.localCe
      ? [
          {
            provide: LOCAL_PILOT_PROGRAM,
            useValue: options.pilotProgram ?? { nodePath: process.execPath, pilotScript: BUNDLED_PILOT_SCRIPT },
          },
          LocalCeHost,
          LocalMachine,
          PilotTokenFile,
          LocalSiteDirector,
          LocalPilotStatusAgent,
          LocalPilotRecovery,
          LocalCeAgents,
        ]
      : [];
    return {
      module: AgentsModule,
      imports: [JobsModule, TaskQueuesModule, PilotsModule, CeRegistryModule],
      providers: [
        ...repositories,
        { provide: AGENT_HOLDER, useFactory: newAgentHolder },
        AgentTimers,
        AgentLeases,
        StalledJobAgent,
        ...localCe,
        AgentsService,
      ],
      exports: [AgentsService],
    };
  }
}
