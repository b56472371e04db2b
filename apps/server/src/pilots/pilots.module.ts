import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { MatcherModule } from '../matcher/matcher.module.js';
import { TaskQueuesModule } from '../task-queues/task-queues.module.js';
import { PilotConnections } from './pilot-connections.js';
import { PilotQueryService } from './pilot-query.service.js';
import { PilotWorkService } from './pilot-work.service.js';
import { PilotGateway } from './pilot.gateway.js';
import { JobPilotController, PilotsController } from './pilots.controller.js';

/** Pilots: their WebSocket (work and reports), and the REST views of them. */
@Module({
  imports: [MatcherModule, TaskQueuesModule, JobsModule],
  controllers: [PilotsController, JobPilotController],
  providers: [PilotGateway, PilotWorkService, PilotConnections, PilotQueryService],
  exports: [PilotConnections, PilotGateway],
})
export class PilotsModule {}
