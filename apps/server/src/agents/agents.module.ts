import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { AgentLeaseRepository, CleaningRepository, StalledJobRepository } from '@majorana/db';
import { DataSource } from 'typeorm';
import { JobsModule } from '../jobs/jobs.module.js';
import { PilotsModule } from '../pilots/pilots.module.js';
import { SandboxesModule } from '../sandboxes/sandboxes.module.js';
import { TaskQueuesModule } from '../task-queues/task-queues.module.js';
import { AgentTimers } from './agent-timers.js';
import { AgentsService } from './agents.service.js';
import { CeRegistryModule } from './ce-registry/ce-registry.module.js';
import { CleaningAgent } from './cleaning/cleaning.agent.js';
import { CeFleet } from './computing-elements/ce-fleet.js';
import { ComputingElementsModule } from './computing-elements/computing-elements.module.js';
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
import { CePilotStatusAgent } from './pilot-status/ce-pilot-status.agent.js';
import { PilotCredentials } from './site-director/pilot-credentials.js';
import { SiteDirectorAgent } from './site-director/site-director.agent.js';
import { StalledJobAgent } from './stalled/stalled-job.agent.js';

export interface AgentsOptions {
  /** Run the embedded Local CE and its site director (`majorana up`, when MAJORANA_LOCAL_PILOTS > 0). */
  readonly localCe: boolean;
  /** How Local pilots start. @default this node and the bundled pilot/dist/pilot.js */
  readonly pilotProgram?: LocalPilotProgram;
}

/**
 * The agents: `majorana up` runs them beside the server, `majorana agents` (apps/agents) runs them alone
 * against the same database, `majorana server` replicas run none. Everything they share with the
 * server goes through the database (leases, pilots, jobs, declared CEs) or through Nest providers they
 * import, never through the server's memory, except the shortcuts of ServerEvents and PilotConnections,
 * which the database backs up (in an agents process alone they are simply empty).
 */
@Module({})
export class AgentsModule {
  static forRoot(options: AgentsOptions): DynamicModule {
    const repositories: Provider[] = [AgentLeaseRepository, StalledJobRepository, CleaningRepository].map((repository) => ({
      provide: repository,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new repository(dataSource),
    }));
    const localCe: Provider[] = options.localCe
      ? [LocalCeHost, LocalMachine, PilotTokenFile, LocalSiteDirector, LocalPilotStatusAgent, LocalPilotRecovery, LocalCeAgents]
      : [];
    return {
      module: AgentsModule,
      imports: [JobsModule, TaskQueuesModule, PilotsModule, CeRegistryModule, ComputingElementsModule, SandboxesModule],
      providers: [
        ...repositories,
        { provide: AGENT_HOLDER, useFactory: newAgentHolder },
        // How pilots of a local CE start (the embedded one and declared ones alike).
        {
          provide: LOCAL_PILOT_PROGRAM,
          useValue: options.pilotProgram ?? { nodePath: process.execPath, pilotScript: BUNDLED_PILOT_SCRIPT },
        },
        AgentTimers,
        AgentLeases,
        StalledJobAgent,
        CeFleet,
        PilotCredentials,
        SiteDirectorAgent,
        CePilotStatusAgent,
        CleaningAgent,
        ...localCe,
        AgentsService,
      ],
      exports: [AgentsService],
    };
  }
}
