import { Module } from '@nestjs/common';
import { CeRegistry } from './ce-registry.js';
import { PilotOutputController } from './pilot-output.controller.js';
import { PilotOutputService } from './pilot-output.service.js';

/**
 * The computing elements this process drives and what they can tell about their pilots. Loaded on
 * every server, so the API is the same everywhere: a replica without agents drives no CE and answers
 * with the output the agents kept once a pilot ended.
 */
@Module({
  controllers: [PilotOutputController],
  providers: [CeRegistry, PilotOutputService],
  exports: [CeRegistry],
})
export class CeRegistryModule {}
