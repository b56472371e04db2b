import type { ClassAdExpr } from '@majorana/jdl';
import type { JobStatus } from '../jobs/job-status.js';
import type { ComputingElementView } from '../matching/computing-element-view.js';
import type { MatchClock } from '../matching/match-clock.js';
import type { ResourceDescription } from '../matching/resource-description.js';
import type { TaskQueueDefinition } from '../task-queues/task-queue-definition.js';
import {
  candidateComputingElements,
  computingElementCheck,
  cpuTimeCheck,
  memoryCheck,
  processorsCheck,
} from './computing-element-checks.js';
import type { ExplainCheck } from './explain-check.js';
import { uncheckable } from './uncheckable.js';
import { connectedResourcesCheck, requirementsCheck } from './resource-checks.js';
import { allowedSites, sitesKnownCheck, sitesNotBannedCheck } from './site-checks.js';
import { statusCheck } from './status-check.js';

export interface ExplainJobInput {
  readonly status: JobStatus;
  /** The job's task-queue definition; null before the optimizers have put it in a queue. */
  readonly definition: TaskQueueDefinition | null;
  /** The job's match ad (jobMatchAd in @majorana/jdl); null when it is not available. */
  readonly jobAd: ClassAdExpr | null;
  /** The site mask: sites an administrator has switched off. */
  readonly bannedSites: ReadonlySet<string>;
  /** Every site the configuration knows. */
  readonly knownSites: readonly string[];
  /** Every configured computing-element queue. */
  readonly computingElements: readonly ComputingElementView[];
  /** The slots of the pilots connected right now. */
  readonly resources: readonly ResourceDescription[];
  /** For time() and random() in the job's Requirements. */
  readonly clock: MatchClock;
}

/**
 * "Why is my job not running?": every check in EXPLAIN_CHECK_NAMES order, each with a sentence
 * saying what holds or what to change. All checks are made even after one fails, because a job is
 * often held up by more than one thing and a user should not have to fix them one round at a time.
 */
export function explainJob(input: ExplainJobInput): ExplainCheck[] {
  const { definition } = input;
  const checks: ExplainCheck[] = [
    statusCheck(input.status),
    sitesKnownCheck(definition, input.knownSites),
    sitesNotBannedCheck(definition, input.knownSites, input.bannedSites),
  ];
  if (definition === null) {
    checks.push(
      uncheckable('computing-element', 'the computing elements'),
      uncheckable('cpu-time', 'the CPU time'),
      uncheckable('processors', 'the processors'),
      uncheckable('memory', 'the memory'),
    );
  } else {
    const candidates = candidateComputingElements(definition, allowedSites(definition, input.knownSites), input.computingElements);
    checks.push(computingElementCheck(candidates), cpuTimeCheck(candidates), processorsCheck(candidates), memoryCheck(candidates));
  }
  checks.push(
    connectedResourcesCheck(definition, input.resources, input.bannedSites),
    requirementsCheck(input.jobAd, input.resources, input.computingElements, input.clock),
  );
  return checks;
}
