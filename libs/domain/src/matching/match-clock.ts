import type { MatchOptions } from '@majorana/jdl';

/**
 * The clock and random source behind a Requirements' time() and random(). Required, not defaulted:
 * the evaluator would otherwise fall back to Date.now and Math.random, and the domain reads no clock.
 */
export type MatchClock = Required<MatchOptions>;
