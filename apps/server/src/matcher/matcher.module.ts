import { Module } from '@nestjs/common';
import { TaskQueuesModule } from '../task-queues/task-queues.module.js';
import { MatcherController } from './matcher.controller.js';
import { MatcherService } from './matcher.service.js';

@Module({ imports: [TaskQueuesModule], controllers: [MatcherController], providers: [MatcherService], exports: [MatcherService] })
export class MatcherModule {}
