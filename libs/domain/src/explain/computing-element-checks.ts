import type { ComputingElementView } from '../matching/computing-element-view.js';
import { longestSegmentWithin } from '../task-queues/cpu-time-segment.js';
import { slotOffersTag } from '../task-queues/processor-tags.js';
import { explicitTags, type TaskQueueDefinition } from '../task-queues/task-queue-definition.js';
import { listNames } from '../text/list-names.js';
import type { ExplainCheck } from './explain-check.js';

/**
 * The checks against the configured computing elements at the sites the job may run at. Each looks
 * at one requirement over all of them, so the answer names the one thing to change rather than
 * "nothing fits".
 */
export interface CandidateComputingElements {
  readonly definition: TaskQueueDefinition;
  /** The known sites the job may run at (see allowedSites). */
  readonly sites: readonly string[];
  /** Their computing elements, narrowed to the job's GridCE when it sets one. */
  readonly computingElements: readonly ComputingElementView[];
}

export function candidateComputingElements(
  definition: TaskQueueDefinition,
  sites: readonly string[],
  all: readonly ComputingElementView[],
): CandidateComputingElements {
  const computingElements = all.filter(
    (ce) => sites.includes(ce.site) && (definition.gridCEs.length === 0 || definition.gridCEs.includes(ce.ce)),
  );
  return { definition, sites, computingElements };
}

function noneToCompare(name: ExplainCheck['name']): ExplainCheck {
  return {
    name,
    passed: false,
    detail: 'No computing element serves the job (see computing-element), so there is nothing to compare with.',
  };
}

function among(count: number, total: number): string {
  return `${count} of ${total} computing element${total > 1 ? 's' : ''} at the sites the job may run at`;
}

export function computingElementCheck({ definition, sites, computingElements }: CandidateComputingElements): ExplainCheck {
  const name = 'computing-element';
  if (computingElements.length === 0) {
    const where = sites.length > 0 ? `at ${listNames(sites)}` : 'at all: the job has no site to run at';
    const which = definition.gridCEs.length > 0 ? `named ${listNames(definition.gridCEs, 'or')} (GridCE)` : 'is configured';
    return { name, passed: false, detail: `No computing element ${which} ${where}.` };
  }
  const tags = explicitTags(definition);
  const needs = [
    definition.platforms.length > 0 ? `platform ${listNames(definition.platforms, 'or')}` : null,
    tags.length > 0 ? `tag${tags.length > 1 ? 's' : ''} ${listNames(tags)}` : null,
  ].filter((need): need is string => need !== null);
  const offering = computingElements.filter(
    (ce) =>
      (definition.platforms.length === 0 || definition.platforms.some((platform) => ce.platforms.includes(platform))) &&
      tags.every((tag) => slotOffersTag({ tags: ce.tags, processors: ce.maxProcessors, wholeNode: ce.wholeNode }, tag)),
  );
  const total = computingElements.length;
  if (offering.length > 0) {
    const what = needs.length > 0 ? `offer ${needs.join(' with ')}` : 'serve it (the job asks for no platform or tag)';
    return { name, passed: true, detail: `${among(offering.length, total)} ${what}: ${listNames(offering.map((ce) => ce.ce))}.` };
  }
  const platforms = [...new Set(computingElements.flatMap((ce) => ce.platforms))];
  const offered = [...new Set(computingElements.flatMap((ce) => ce.tags))];
  return {
    name,
    passed: false,
    detail:
      `None of the ${total} computing element${total > 1 ? 's' : ''} at the sites the job may run at offers ${needs.join(' with ')} ` +
      `(they offer platforms ${platforms.length > 0 ? listNames(platforms) : 'none'} and tags ${offered.length > 0 ? listNames(offered) : 'none'}); ` +
      'change Platform or Tags, or choose sites that offer them.',
  };
}

export function cpuTimeCheck({ definition, computingElements }: CandidateComputingElements): ExplainCheck {
  const name = 'cpu-time';
  if (computingElements.length === 0) {
    return noneToCompare(name);
  }
  const long = computingElements.filter((ce) => ce.maxCPUTime >= definition.cpuTime);
  const segment = `the job's CPU-time segment of ${definition.cpuTime} HS06·s`;
  if (long.length > 0) {
    return { name, passed: true, detail: `${among(long.length, computingElements.length)} give at least ${segment}.` };
  }
  const longest = Math.max(...computingElements.map((ce) => ce.maxCPUTime));
  const fit = longestSegmentWithin(longest);
  const advice = fit === null ? 'no CPUTime is short enough; choose sites with longer queues' : `lower CPUTime to ${fit} or less`;
  return {
    name,
    passed: false,
    detail: `CPUTime is rounded up to ${segment}, but the longest queue at the sites the job may run at gives ${longest} HS06·s; ${advice}.`,
  };
}

export function processorsCheck({ definition, computingElements }: CandidateComputingElements): ExplainCheck {
  const name = 'processors';
  if (computingElements.length === 0) {
    return noneToCompare(name);
  }
  const shaped = computingElements.filter((ce) => !definition.wholeNode || ce.wholeNode);
  const big = shaped.filter((ce) => ce.maxProcessors >= definition.minProcessors);
  const request = `${definition.minProcessors} processor${definition.minProcessors > 1 ? 's' : ''}${definition.wholeNode ? ' on a whole node' : ''}`;
  if (big.length > 0) {
    return { name, passed: true, detail: `${among(big.length, computingElements.length)} offer ${request}.` };
  }
  if (shaped.length === 0) {
    return {
      name,
      passed: false,
      detail:
        'The job asks for a whole node (WholeNode) but no computing element at the sites it may run at offers one; drop WholeNode or choose sites that do.',
    };
  }
  const most = Math.max(...shaped.map((ce) => ce.maxProcessors));
  return {
    name,
    passed: false,
    detail: `The job needs ${request} but computing elements at the sites it may run at offer at most ${most}; lower NumberOfProcessors (or MinNumberOfProcessors) to ${most} or less.`,
  };
}

export function memoryCheck({ definition, computingElements }: CandidateComputingElements): ExplainCheck {
  const name = 'memory';
  const needed = definition.maxRAM;
  if (needed === null) {
    return { name, passed: true, detail: 'The job sets no MaxRAM.' };
  }
  if (computingElements.length === 0) {
    return noneToCompare(name);
  }
  // A computing element that does not publish its memory is given the benefit of the doubt, as matching does.
  const roomy = computingElements.filter((ce) => ce.ramMB === null || ce.ramMB >= needed);
  if (roomy.length > 0) {
    return { name, passed: true, detail: `${among(roomy.length, computingElements.length)} offer ${needed} MB or do not publish a limit.` };
  }
  const most = Math.max(...computingElements.map((ce) => ce.ramMB ?? 0));
  return {
    name,
    passed: false,
    detail: `The job needs ${needed} MB (MaxRAM) but computing elements at the sites it may run at offer at most ${most} MB; lower MaxRAM to ${most} or less.`,
  };
}
