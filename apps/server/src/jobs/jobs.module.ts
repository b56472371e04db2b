import { Module } from '@nestjs/common';
import { ExplainService } from '../explain/explain.service.js';
import { MatcherModule } from '../matcher/matcher.module.js';
import { SandboxesModule } from '../sandboxes/sandboxes.module.js';
import { TaskQueuesModule } from '../task-queues/task-queues.module.js';
import { JobActionsService } from './job-actions.service.js';
import { JobOptimizerService } from './job-optimizer.service.js';
import { JobQueryService } from './job-query.service.js';
import { JobRescheduler } from './job-rescheduler.service.js';
import { JobSubmissionService } from './job-submission.service.js';
import { JobsController } from './jobs.controller.js';

@Module({
  imports: [TaskQueuesModule, MatcherModule, SandboxesModule],
  controllers: [JobsController],
  providers: [JobSubmissionService, JobOptimizerService, JobQueryService, JobActionsService, JobRescheduler, ExplainService],
  exports: [JobOptimizerService, JobQueryService, JobRescheduler],
})
export class JobsModule {}
