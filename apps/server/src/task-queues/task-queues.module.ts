import { Module } from '@nestjs/common';
import { TaskQueueCache } from './task-queue-cache.js';

@Module({ providers: [TaskQueueCache], exports: [TaskQueueCache] })
export class TaskQueuesModule {}
