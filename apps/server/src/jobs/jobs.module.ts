import { Module } from '@nestjs/common';
import { TaskQueuesModule } from '../task-queues/task-queues.module.js';
import { JobActionsService } from './job-actions.service.js';
import { JobOptimizerService } from './job-optimizer.service.js';
import { JobQueryService } from './job-query.service.js';
import { JobSubmissionService } from './job-submission.service.js';
import { JobsController } from './jobs.controller.js';

@Module({
  imports: [TaskQueuesModule],
  controllers: [JobsController],
  providers: [JobSubmissionService, JobOptimizerService, JobQueryService, JobActionsService],
  exports: [JobOptimizerService, JobQueryService],
})
export class JobsModule {}
