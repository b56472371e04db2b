import { evaluateAttribute, findAttribute, printExpression, type ClassAdExpr } from '@majorana/jdl';
import { computingElementResource, type ComputingElementView } from '../matching/computing-element-view.js';
import type { MatchClock } from '../matching/match-clock.js';
import { resourceClassAd } from '../matching/resource-class-ad.js';
import type { ResourceDescription } from '../matching/resource-description.js';
import { taskQueueMatchesResource } from '../matching/task-queue-matches-resource.js';
import type { TaskQueueDefinition } from '../task-queues/task-queue-definition.js';
import type { ExplainCheck } from './explain-check.js';
import { uncheckable } from './uncheckable.js';

const MAX_SHOWN_REQUIREMENTS = 120;

export function connectedResourcesCheck(
  definition: TaskQueueDefinition | null,
  resources: readonly ResourceDescription[],
  bannedSites: ReadonlySet<string>,
): ExplainCheck {
  const name = 'connected-resources';
  if (definition === null) {
    return uncheckable(name, 'the connected resources');
  }
  if (resources.length === 0) {
    return {
      name,
      passed: false,
      detail: 'No pilot is connected right now; pilots are sent to computing elements that can run waiting jobs (see the checks above).',
    };
  }
  const matches = resources.map((resource) => taskQueueMatchesResource(definition, resource, bannedSites));
  const matching = matches.filter((match) => match.matched).length;
  if (matching > 0) {
    return {
      name,
      passed: true,
      detail: `${matching} of ${resources.length} connected resources match the job's task queue; the job runs when one asks for work and fair share picks its queue.`,
    };
  }
  const [reason, count] = mostCommon(matches.flatMap((match) => match.reasons));
  return {
    name,
    passed: false,
    detail: `None of the ${resources.length} connected resources matches the job's task queue; the most common reason (${count} of ${resources.length}): ${reason}`,
  };
}

/** The most frequent string and how often it occurs; the first seen wins a tie, so the answer is stable. */
function mostCommon(values: readonly string[]): [string, number] {
  const counts = new Map<string, number>();
  for (const value of values) {
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  let best: [string, number] = ['', 0];
  for (const entry of counts) {
    if (entry[1] > best[1]) {
      best = entry;
    }
  }
  return best;
}

/**
 * The job's own Requirements against every connected resource and every configured computing
 * element: the job side of the ClassAd match only, since a resource's Requirements is the site's
 * business and the other checks already cover what the task queue asks.
 */
export function requirementsCheck(
  jobAd: ClassAdExpr | null,
  resources: readonly ResourceDescription[],
  computingElements: readonly ComputingElementView[],
  clock: MatchClock,
): ExplainCheck {
  const name = 'requirements';
  if (jobAd === null) {
    return { name, passed: false, detail: "Cannot check Requirements: the job's ClassAd is not available." };
  }
  const requirements = findAttribute(jobAd, 'Requirements');
  if (requirements === undefined) {
    return { name, passed: true, detail: 'The job sets no Requirements.' };
  }
  const ads = [...resources, ...computingElements.map(computingElementResource)].map(resourceClassAd);
  if (ads.length === 0) {
    return {
      name,
      passed: false,
      detail: "There is no connected resource or configured computing element to evaluate the job's Requirements against.",
    };
  }
  const values = ads.map((other) => evaluateAttribute(jobAd, 'Requirements', { ...clock, other }));
  const trueFor = values.filter((value) => value.type === 'boolean' && value.value).length;
  const undecided = values.filter((value) => value.type === 'undefined' || value.type === 'error').length;
  const shown = shorten(printExpression(requirements.value));
  const targets = `${count(resources.length, 'connected resource')} and ${count(computingElements.length, 'computing element')}`;
  if (trueFor > 0) {
    return { name, passed: true, detail: `The job's Requirements (${shown}) is true for ${trueFor} of ${ads.length} (${targets}).` };
  }
  const verdict =
    undecided === 0
      ? `is false for all ${ads.length} (${targets})`
      : `is not true for any of the ${ads.length} (${targets}): it is undefined or an error for ${undecided}, as when it uses an attribute they do not publish or a misspelt one`;
  return { name, passed: false, detail: `The job's Requirements (${shown}) ${verdict}; relax or remove it.` };
}

function shorten(text: string): string {
  return text.length > MAX_SHOWN_REQUIREMENTS ? `${text.slice(0, MAX_SHOWN_REQUIREMENTS - 1)}…` : text;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
