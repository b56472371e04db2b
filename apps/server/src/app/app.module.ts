import { Module, type DynamicModule } from '@nestjs/common';
import { ServerConfig } from '../config/server-config.js';
import { HealthModule } from '../health/health.module.js';

@Module({})
export class AppModule {
  static forRoot(config: ServerConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [HealthModule],
      providers: [{ provide: ServerConfig, useValue: config }],
      exports: [ServerConfig],
    };
  }
}
