/** A CE's limits (DIRAC's MaxWaitingJobs, MaxTotalJobs and the director's per-cycle cap). */
export interface SubmissionLimits {
  readonly maxPilotsWaiting: number;
  readonly maxPilots: number;
  readonly maxPilotsPerCycle: number;
}

export interface SiteDirectorSituation {
  /** Waiting jobs this CE's queue could run (the site director may stop counting once it has enough). */
  readonly matchableJobs: number;
  /** Pilots not yet working: submitted or queued at the batch system, plus idle ones parked for work. */
  readonly waitingPilots: number;
  /** Pilots of this CE that have not ended (waiting ones included). */
  readonly activePilots: number;
  readonly slotsPerPilot: number;
  readonly limits: SubmissionLimits;
}

/** Which bound decided the count (for the cycle's log line). */
export type SubmissionBound = 'no-matchable-work' | 'work' | 'max-pilots-waiting' | 'max-pilots' | 'max-pilots-per-cycle';

export interface SubmissionDecision {
  readonly count: number;
  readonly boundBy: SubmissionBound;
  /** Pilots the matchable jobs still need beyond the waiting ones. */
  readonly needed: number;
}

/**
 * How many pilots to submit to one CE this cycle (DIRAC's SiteDirector, `__getPilotsToSubmit`):
 *
 *     min(maxPilotsPerCycle, maxPilotsWaiting − waiting, maxPilots − active, ⌈matchable / slots⌉ − waiting)
 *
 * never below 0. The last term is why no flood of empty pilots leaves: pilots already waiting will take
 * the first jobs, so only the jobs beyond their slots call for more; with no matchable job it is 0.
 * The waiting bound holds however many jobs wait: with maxPilotsWaiting = 5 at most 5 pilots are ever
 * waiting, since each cycle counts the ones submitted by the cycles before.
 */
export function pilotsToSubmit(situation: SiteDirectorSituation): SubmissionDecision {
  const { matchableJobs, waitingPilots, activePilots, slotsPerPilot, limits } = situation;
  if (!(slotsPerPilot >= 1)) {
    throw new RangeError(`slotsPerPilot must be at least 1, got ${slotsPerPilot}`);
  }
  const needed = Math.max(0, Math.ceil(Math.max(0, matchableJobs) / slotsPerPilot) - waitingPilots);
  if (matchableJobs <= 0) {
    return { count: 0, boundBy: 'no-matchable-work', needed: 0 };
  }
  const bounds: readonly [SubmissionBound, number][] = [
    ['work', needed],
    ['max-pilots-waiting', limits.maxPilotsWaiting - waitingPilots],
    ['max-pilots', limits.maxPilots - activePilots],
    ['max-pilots-per-cycle', limits.maxPilotsPerCycle],
  ];
  let [boundBy, count] = bounds[0] ?? ['work', 0];
  for (const [name, value] of bounds) {
    if (value < count) {
      [boundBy, count] = [name, value];
    }
  }
  return { count: Math.max(0, count), boundBy, needed };
}
