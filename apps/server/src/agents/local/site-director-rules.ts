import type { PilotRecord } from '@majorana/db';

/** Why the site director submits a pilot now, or why not. */
export type SubmitDecision =
  | { readonly submit: true }
  | { readonly submit: false; readonly reason: 'no-matchable-work' | 'idle-pilot-waiting' | 'pilot-starting' | 'ce-full' };

export interface SubmitSituation {
  /** Some non-empty task queue could run on a pilot of this CE. */
  readonly matchableWork: boolean;
  /** Pilots of this CE with an idle slot parked on this replica, waiting for work. */
  readonly parkedPilots: number;
  /** The CE's pilots that have not ended, as the pilots table has them. */
  readonly activePilots: readonly Pick<PilotRecord, 'status' | 'submittedAt'>[];
  readonly maxPilots: number;
  readonly now: number;
  /** How long a submitted pilot that has not connected yet counts as starting. */
  readonly startingWindowMs: number;
}

/**
 * One pilot more, or not (DIRAC's SiteDirector, reduced to a machine's CE): only for work a pilot
 * here could run; never while an idle pilot already waits for work (it gets the job at once) or one
 * is still starting (it will take it), so a burst of submissions starts one pilot at a time; never
 * beyond the CE's pilots.
 */
export function decidePilotSubmission(situation: SubmitSituation): SubmitDecision {
  if (!situation.matchableWork) {
    return { submit: false, reason: 'no-matchable-work' };
  }
  if (situation.parkedPilots > 0) {
    return { submit: false, reason: 'idle-pilot-waiting' };
  }
  const startedAfter = situation.now - situation.startingWindowMs;
  if (situation.activePilots.some((pilot) => pilot.status === 'Submitted' && (pilot.submittedAt ?? 0) > startedAfter)) {
    return { submit: false, reason: 'pilot-starting' };
  }
  if (situation.activePilots.length >= situation.maxPilots) {
    return { submit: false, reason: 'ce-full' };
  }
  return { submit: true };
}
