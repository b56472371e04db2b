import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import {
  GroupRepository,
  IssuedTokenRepository,
  JobAttemptRepository,
  JobReportRepository,
  JobRepository,
  MatchRepository,
  PilotOutputRepository,
  PilotRepository,
  SiteMaskRepository,
  TaskQueueRepository,
  UserRepository,
  WaitingJobRepository,
} from '@majorana/db';
import { DataSource } from 'typeorm';

const REPOSITORIES = [
  JobRepository,
  TaskQueueRepository,
  WaitingJobRepository,
  JobAttemptRepository,
  MatchRepository,
  PilotRepository,
  PilotOutputRepository,
  JobReportRepository,
  SiteMaskRepository,
  UserRepository,
  GroupRepository,
  IssuedTokenRepository,
] as const;

/**
 * The database as Nest providers: the (already initialised and migrated) DataSource and one instance
 * of each repository. The DataSource is opened by whoever starts the server (start-server.ts), so
 * that migrations run before anything listens.
 */
@Module({})
export class DatabaseModule {
  static forDataSource(dataSource: DataSource): DynamicModule {
    const repositories: Provider[] = REPOSITORIES.map((repository) => ({
      provide: repository,
      inject: [DataSource],
      useFactory: (source: DataSource) => new repository(source),
    }));
    return {
      module: DatabaseModule,
      global: true,
      providers: [{ provide: DataSource, useValue: dataSource }, ...repositories],
      exports: [DataSource, ...REPOSITORIES],
    };
  }
}
