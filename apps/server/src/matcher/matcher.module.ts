import { Module } from '@nestjs/common';
import { TaskQueuesModule } from '../task-queues/task-queues.module.js';
import { MatcherController } from './matcher.controller.js';
import { MatcherService } from './matcher.service.js';
import { SeenResourcesService } from './seen-resources.service.js';

@Module({
  imports: [TaskQueuesModule],
  controllers: [MatcherController],
  providers: [MatcherService, SeenResourcesService],
  exports: [MatcherService, SeenResourcesService],
})
export class MatcherModule {}
