import { describe, expect, it } from '@jest/globals';
import { pilotsToSubmit, type SiteDirectorSituation } from './pilots-to-submit.js';

const situation = (overrides: Partial<SiteDirectorSituation> = {}): SiteDirectorSituation => ({
  matchableJobs: 100,
  waitingPilots: 0,
  activePilots: 0,
  slotsPerPilot: 1,
  limits: { maxPilotsWaiting: 5, maxPilots: 100, maxPilotsPerCycle: 10 },
  ...overrides,
});

/** Cycles of a CE whose pilots never start: every pilot submitted stays waiting. */
function runCycles(cycles: number, start: SiteDirectorSituation): number[] {
  let waiting = start.waitingPilots;
  let active = start.activePilots;
  const submitted: number[] = [];
  for (let cycle = 0; cycle < cycles; cycle++) {
    const { count } = pilotsToSubmit({ ...start, waitingPilots: waiting, activePilots: active });
    submitted.push(count);
    waiting += count;
    active += count;
  }
  return submitted;
}

describe(pilotsToSubmit.name, () => {
  it('never lets more than MaxPilotsWaiting = 5 pilots wait, whatever 100 matchable jobs ask for', () => {
    expect(pilotsToSubmit(situation())).toEqual({ count: 5, boundBy: 'max-pilots-waiting', needed: 100 });
    const submitted = runCycles(10, situation());
    expect(submitted).toEqual([5, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('sends more as waiting pilots start, never above 5 waiting at once', () => {
    let waiting = 0;
    let active = 0;
    for (let cycle = 0; cycle < 20; cycle++) {
      const { count } = pilotsToSubmit(situation({ waitingPilots: waiting, activePilots: active }));
      waiting += count;
      active += count;
      expect(waiting).toBeLessThanOrEqual(5);
      waiting = Math.max(0, waiting - 2); // two pilots start running between cycles
    }
  });

  it('submits no pilot over 3 cycles when no job is matchable', () => {
    expect(runCycles(3, situation({ matchableJobs: 0 }))).toEqual([0, 0, 0]);
    expect(pilotsToSubmit(situation({ matchableJobs: 0 })).boundBy).toBe('no-matchable-work');
  });

  it('counts the slots of the pilots already waiting against the work', () => {
    // 10 jobs, 4 slots each: 3 pilots; 2 are waiting already.
    expect(pilotsToSubmit(situation({ matchableJobs: 10, slotsPerPilot: 4, waitingPilots: 2, activePilots: 2 }))).toEqual({
      count: 1,
      boundBy: 'work',
      needed: 1,
    });
    expect(pilotsToSubmit(situation({ matchableJobs: 8, slotsPerPilot: 4, waitingPilots: 2, activePilots: 2 })).count).toBe(0);
  });

  it('stops at MaxPilots and at the per-cycle cap', () => {
    expect(pilotsToSubmit(situation({ activePilots: 98 }))).toMatchObject({ count: 2, boundBy: 'max-pilots' });
    expect(pilotsToSubmit(situation({ activePilots: 120 }))).toMatchObject({ count: 0, boundBy: 'max-pilots' });
    const perCycle = situation({ limits: { maxPilotsWaiting: 50, maxPilots: 100, maxPilotsPerCycle: 3 } });
    expect(pilotsToSubmit(perCycle)).toMatchObject({ count: 3, boundBy: 'max-pilots-per-cycle' });
  });

  it('refuses a CE whose pilots have no slot', () => {
    expect(() => pilotsToSubmit(situation({ slotsPerPilot: 0 }))).toThrow(RangeError);
  });
});
