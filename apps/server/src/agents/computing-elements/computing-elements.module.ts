import { Module } from '@nestjs/common';
import { ComputingElementRepository } from '@majorana/db';
import { DataSource } from 'typeorm';
import { CeDeclarationsService } from './ce-declarations.service.js';
import { ComputingElementsController } from './computing-elements.controller.js';

/**
 * The declared computing elements: seeded from the config file at start, edited through the admin API,
 * read by the site directors. Loaded on every server (the API is the same everywhere).
 */
@Module({
  controllers: [ComputingElementsController],
  providers: [
    {
      provide: ComputingElementRepository,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new ComputingElementRepository(dataSource),
    },
    CeDeclarationsService,
  ],
  exports: [CeDeclarationsService],
})
export class ComputingElementsModule {}
