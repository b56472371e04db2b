import type { ClassAdExpr } from '../ast/classad-ast.js';
import { booleanValue, isNumber, type ClassAdValue } from './classad-value.js';
import { evaluateAttribute, type EvaluationContext } from './evaluate.js';
import { lookupAttribute } from './evaluation-scope.js';

/** The clock and random source a match evaluates with (see EvaluationContext). */
export type MatchOptions = Pick<EvaluationContext, 'now' | 'random'>;

export interface MatchResult {
  /** True only when both sides' Requirements are boolean true. */
  readonly matched: boolean;
  /** The job's Requirements, evaluated with the job as `my` and the resource as `other`. */
  readonly jobRequirements: ClassAdValue;
  /** The resource's Requirements, evaluated with the resource as `my` and the job as `other`. */
  readonly resourceRequirements: ClassAdValue;
}

/**
 * HTCondor's symmetric match: each side's `Requirements` is evaluated from its own point of view
 * against the other side, and both must be exactly `true` (UNDEFINED or ERROR is no match). A side
 * without Requirements accepts anything.
 */
export function symmetricMatch(jobAd: ClassAdExpr, resourceAd: ClassAdExpr, options: MatchOptions = {}): MatchResult {
  const jobRequirements = requirementsOf(jobAd, resourceAd, options);
  const resourceRequirements = requirementsOf(resourceAd, jobAd, options);
  return { matched: isTrue(jobRequirements) && isTrue(resourceRequirements), jobRequirements, resourceRequirements };
}

function requirementsOf(ad: ClassAdExpr, other: ClassAdExpr, options: MatchOptions): ClassAdValue {
  return lookupAttribute(ad, 'Requirements') ? evaluateAttribute(ad, 'Requirements', { ...options, other }) : booleanValue(true);
}

function isTrue(value: ClassAdValue): boolean {
  return value.type === 'boolean' && value.value;
}

export interface RankResult {
  /** What `Rank` evaluated to (UNDEFINED when the ad has none). */
  readonly value: ClassAdValue;
  /** The value as a number for sorting: integers and reals as they are, anything else 0. */
  readonly rank: number;
}

/**
 * Evaluates `ad`'s `Rank` against `other` (higher is better). As the HTCondor manual says of Rank,
 * a value that is not a number counts as zero: booleans, strings, UNDEFINED and ERROR all rank 0.
 */
export function rank(ad: ClassAdExpr, other: ClassAdExpr, options: MatchOptions = {}): RankResult {
  const value = evaluateAttribute(ad, 'Rank', { ...options, other });
  return { value, rank: isNumber(value) && !Number.isNaN(value.value) ? value.value : 0 };
}
