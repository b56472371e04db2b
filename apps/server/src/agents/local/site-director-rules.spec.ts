import { describe, expect, it } from '@jest/globals';
import { decidePilotSubmission, type SubmitSituation } from './site-director-rules.js';

const NOW = 1_764_000_000_000;
const situation = (overrides: Partial<SubmitSituation> = {}): SubmitSituation => ({
  matchableWork: true,
  parkedPilots: 0,
  activePilots: [],
  maxPilots: 2,
  now: NOW,
  startingWindowMs: 30_000,
  ...overrides,
});

describe(decidePilotSubmission.name, () => {
  it('submits a pilot when work a pilot here could run waits and no pilot is idle or starting', () => {
    expect(decidePilotSubmission(situation())).toEqual({ submit: true });
    expect(decidePilotSubmission(situation({ activePilots: [{ status: 'Running', submittedAt: NOW - 60_000 }] }))).toEqual({
      submit: true,
    });
  });

  it('submits none for work no pilot here could run', () => {
    expect(decidePilotSubmission(situation({ matchableWork: false }))).toEqual({ submit: false, reason: 'no-matchable-work' });
  });

  it('submits none while an idle pilot waits for work: it takes the job at once', () => {
    expect(decidePilotSubmission(situation({ parkedPilots: 1 }))).toEqual({ submit: false, reason: 'idle-pilot-waiting' });
  });

  it('submits none while a pilot submitted less than 30 s ago has not connected yet', () => {
    const starting = { status: 'Submitted' as const, submittedAt: NOW - 29_000 };
    expect(decidePilotSubmission(situation({ activePilots: [starting] }))).toEqual({ submit: false, reason: 'pilot-starting' });
    const stuck = { status: 'Submitted' as const, submittedAt: NOW - 31_000 };
    expect(decidePilotSubmission(situation({ activePilots: [stuck] }))).toEqual({ submit: true });
  });

  it('submits none beyond the pilots the CE may run', () => {
    const running = { status: 'Running' as const, submittedAt: NOW - 60_000 };
    expect(decidePilotSubmission(situation({ activePilots: [running, running] }))).toEqual({ submit: false, reason: 'ce-full' });
  });
});
