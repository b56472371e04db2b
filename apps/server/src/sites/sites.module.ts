import { Module } from '@nestjs/common';
import { TaskQueuesModule } from '../task-queues/task-queues.module.js';
import { SitesController } from './sites.controller.js';

@Module({ imports: [TaskQueuesModule], controllers: [SitesController] })
export class SitesModule {}
