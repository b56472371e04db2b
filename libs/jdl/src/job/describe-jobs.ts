import type { JdlDocument } from '../ast/classad-ast.js';
import { expandParametric } from '../parametric/expand-parametric.js';
import { parseJdl } from '../parser/parse-jdl.js';
import { DEFAULT_JOB_LIMITS, type JobDescription, type JobLimits } from './job-description.js';
import { toJobDescription } from './to-job-description.js';

export interface DescribeJobsOptions {
  /** What messages call the input. @default '<input>' */
  readonly fileName?: string;
  /** @default DEFAULT_JOB_LIMITS */
  readonly limits?: JobLimits;
  /** Most jobs one parametric JDL may make. @default 10000 */
  readonly maxParametricJobs?: number;
}

export interface DescribedJob {
  /** The expanded job's own ad (for printing its canonical JDL and for matching). */
  readonly document: JdlDocument;
  readonly description: JobDescription;
}

/**
 * Everything a submission does to a JDL text before it is stored: parse, expand the parametric
 * sequences, and read each job into a validated JobDescription. Throws the first JdlError.
 */
export function describeJobs(source: string, options: DescribeJobsOptions = {}): DescribedJob[] {
  const document = parseJdl(source, { fileName: options.fileName ?? '<input>' });
  const limits = options.limits ?? DEFAULT_JOB_LIMITS;
  const expandOptions = options.maxParametricJobs === undefined ? {} : { maxJobs: options.maxParametricJobs };
  return expandParametric(document, expandOptions).map((job) => ({ document: job, description: toJobDescription(job, limits) }));
}
