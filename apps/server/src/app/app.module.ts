import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AgentsModule } from '../agents/agents.module.js';
import { CeRegistryModule } from '../agents/ce-registry/ce-registry.module.js';
import { ComputingElementsModule } from '../agents/computing-elements/computing-elements.module.js';
import { runsEmbeddedLocalCe } from '../agents/computing-elements/runs-embedded-local-ce.js';
import { CommonModule } from '../common/common.module.js';
import { ServerConfig } from '../config/server-config.js';
import { DatabaseModule } from '../database/database.module.js';
import { HealthModule } from '../health/health.module.js';
import { AuthSettings } from '../identity/auth-settings.js';
import { IdentityModule } from '../identity/identity.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { MatcherModule } from '../matcher/matcher.module.js';
import { PilotsModule } from '../pilots/pilots.module.js';
import { SandboxesModule } from '../sandboxes/sandboxes.module.js';
import { SitesModule } from '../sites/sites.module.js';

/** What the server needs from whoever starts it: config, an open and migrated database, users, the token secret. */
export interface ServerDependencies {
  readonly config: ServerConfig;
  readonly dataSource: DataSource;
  readonly authSettings: AuthSettings;
  readonly tokenSecret: Uint8Array;
}

/** What runs beside the API in this process. */
export interface AppModuleOptions {
  /**
   * Run the agents here (stalled jobs; the Local CE and its site director when MAJORANA_LOCAL_PILOTS > 0):
   * `majorana up`. Production replicas (`majorana server`) leave them to one agents process.
   * @default false
   */
  readonly runAgents?: boolean;
}

@Module({})
export class AppModule {
  static forRoot(dependencies: ServerDependencies, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        CommonModule,
        DatabaseModule.forDataSource(dependencies.dataSource),
        IdentityModule.forRoot(dependencies.authSettings, dependencies.tokenSecret),
        HealthModule,
        JobsModule,
        MatcherModule,
        PilotsModule,
        SandboxesModule,
        SitesModule,
        CeRegistryModule,
        ComputingElementsModule,
        ...(options.runAgents === true ? [AgentsModule.forRoot({ localCe: runsEmbeddedLocalCe(dependencies.config) })] : []),
      ],
      providers: [{ provide: ServerConfig, useValue: dependencies.config }],
      exports: [ServerConfig],
    };
  }
}
