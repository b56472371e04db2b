export interface WeightedCandidate<T> {
  readonly item: T;
  readonly weight: number;
}

/**
 * Picks one candidate with probability proportional to its weight, as DIRAC's matcher picks among
 * the task queues a pilot could serve: random rather than greedy, so that a low-priority queue is
 * served less often but never starved. A weight that is not a positive finite number is never
 * picked; undefined when nothing can be.
 *
 * @param random uniform in [0, 1), injected so that callers and tests control it.
 */
export function pickWeighted<T>(candidates: readonly WeightedCandidate<T>[], random: () => number): T | undefined {
  const eligible = eligibleCandidates(candidates);
  const total = eligible.reduce((sum, candidate) => sum + candidate.weight, 0);
  if (eligible.length === 0) {
    return undefined;
  }
  let remaining = random() * total;
  for (const candidate of eligible) {
    remaining -= candidate.weight;
    if (remaining < 0) {
      return candidate.item;
    }
  }
  // Rounding can leave a sliver when random() is just below 1: it belongs to the last candidate.
  return eligible.at(-1)?.item;
}

/** The candidates that may be picked: those whose weight is a positive finite number. */
export function eligibleCandidates<T>(candidates: readonly WeightedCandidate<T>[]): WeightedCandidate<T>[] {
  return candidates.filter((candidate) => Number.isFinite(candidate.weight) && candidate.weight > 0);
}
