import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CommonModule } from '../common/common.module.js';
import { ServerConfig } from '../config/server-config.js';
import { DatabaseModule } from '../database/database.module.js';
import { HealthModule } from '../health/health.module.js';
import { AuthSettings } from '../identity/auth-settings.js';
import { IdentityModule } from '../identity/identity.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { MatcherModule } from '../matcher/matcher.module.js';
import { SitesModule } from '../sites/sites.module.js';

/** What the server needs from whoever starts it: config, an open and migrated database, users, the token secret. */
export interface ServerDependencies {
  readonly config: ServerConfig;
  readonly dataSource: DataSource;
  readonly authSettings: AuthSettings;
  readonly tokenSecret: Uint8Array;
}

@Module({})
export class AppModule {
  static forRoot(dependencies: ServerDependencies): DynamicModule {
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
        SitesModule,
      ],
      providers: [{ provide: ServerConfig, useValue: dependencies.config }],
      exports: [ServerConfig],
    };
  }
}
