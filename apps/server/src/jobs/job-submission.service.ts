import { Injectable, Logger } from '@nestjs/common';
import { JobRepository, type NewJob } from '@majorana/db';
import { describeJobs, printJdl, type DescribedJob } from '@majorana/jdl';
import type { Principal } from '@majorana/auth';
import { Clock } from '../common/clock.js';
import { ServerConfig } from '../config/server-config.js';
import { InputSandboxService } from '../sandboxes/input-sandbox.service.js';
import { JobErrorCode, JobException } from './job.exception.js';
import { JobOptimizerService } from './job-optimizer.service.js';
import { siteColumn } from './site-column.js';

export interface SubmissionResult {
  readonly jobIds: number[];
  readonly warnings: string[];
}

/** Attributes accepted and kept but not acted on until the data layer exists (said at submission). */
const DATA_ATTRIBUTES: readonly ['inputData' | 'outputData' | 'outputSE', string][] = [
  ['inputData', 'InputData'],
  ['outputData', 'OutputData'],
  ['outputSE', 'OutputSE'],
];

/**
 * Takes JDLs from a user: every JDL is parsed, expanded and validated before anything is stored
 * (one bad JDL refuses the whole request, with its line and column), then all jobs are stored in one
 * transaction and handed to the optimizers. DIRAC's Owner/OwnerGroup/VirtualOrganization come from
 * the caller's token, never from the JDL.
 */
@Injectable()
export class JobSubmissionService {
  private readonly logger = new Logger('jobs');

  constructor(
    private readonly jobs: JobRepository,
    private readonly optimizer: JobOptimizerService,
    private readonly inputSandboxes: InputSandboxService,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  async submit(principal: Principal, jdls: readonly string[]): Promise<SubmissionResult> {
    const batch: { job: DescribedJob; original: string }[] = [];
    jdls.forEach((jdl, index) => {
      const remaining = this.config.maxParametricJobs - batch.length;
      if (remaining <= 0) {
        this.refuseTooMany(batch.length + 1);
      }
      const fileName = jdls.length === 1 ? 'jdl' : `jdls[${index}]`;
      for (const job of describeJobs(jdl, { fileName, maxParametricJobs: remaining })) {
        batch.push({ job, original: jdl });
      }
    });
    // Every SB:sha256:… reference must be the owner's; one query for the whole submission.
    const sandboxes = await this.inputSandboxes.check(
      principal.user,
      batch.map(({ job }) => job.description.inputSandbox),
    );
    const now = this.clock.now();
    const records: NewJob[] = batch.map(({ job, original }) => ({
      owner: principal.user,
      ownerGroup: principal.group,
      vo: principal.vo,
      jobName: job.description.jobName ?? '',
      jobGroup: job.description.jobGroup ?? '',
      jobType: job.description.jobType,
      site: siteColumn(job.description.sites),
      userPriority: job.description.priority,
      originalJdl: original,
      currentJdl: printJdl(job.document.ad),
      submissionTime: now,
    }));
    const jobIds = await this.jobs.insertJobs(records);
    await this.inputSandboxes.link(sandboxes, jobIds);
    await this.replaceJobIdPlaceholders(jobIds, records);
    this.logger.log(`${principal.user}/${principal.group} submitted ${jobIds.length} job(s): ${summarise(jobIds)}`);
    await this.optimizer.optimizeEntries(
      batch.map(({ job }, index) => ({
        id: jobIds[index] ?? 0,
        owner: principal.user,
        ownerGroup: principal.group,
        vo: principal.vo,
        userPriority: job.description.priority,
        description: job.description,
      })),
    );
    return { jobIds, warnings: warningsFor(batch.map(({ job }) => job)) };
  }

  /** DIRAC's `%j`: the job's own ID, known only once it is stored. */
  private async replaceJobIdPlaceholders(jobIds: readonly number[], records: readonly NewJob[]): Promise<void> {
    for (const [index, record] of records.entries()) {
      const jobId = jobIds[index];
      if (jobId !== undefined && record.currentJdl.includes('%j')) {
        await this.jobs.setCurrentJdl(jobId, record.currentJdl.replaceAll('%j', String(jobId)));
      }
    }
  }

  private refuseTooMany(count: number): never {
    throw new JobException(
      JobErrorCode.TooManyJobs,
      `this request makes ${count} or more jobs, more than the limit of ${this.config.maxParametricJobs} per submission: split it into several submissions`,
    );
  }
}

function warningsFor(jobs: readonly DescribedJob[]): string[] {
  const warnings: string[] = [];
  for (const [property, name] of DATA_ATTRIBUTES) {
    const count = jobs.filter((job) => {
      const value = job.description[property];
      return Array.isArray(value) ? value.length > 0 : value !== null;
    }).length;
    if (count > 0) {
      warnings.push(
        `${name} is kept with ${count === 1 ? 'the job' : `${count} jobs`} but not acted on yet: Majorana has no data layer, so jobs are not sent to their data and outputs are not uploaded`,
      );
    }
  }
  return warnings;
}

function summarise(ids: readonly number[]): string {
  return ids.length <= 3 ? ids.join(', ') : `${ids[0]}…${ids[ids.length - 1]}`;
}
