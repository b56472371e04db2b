/** The checks "why is my job not running?" makes, in the order it reports them. */
export const EXPLAIN_CHECK_NAMES = [
  'status',
  'sites-known',
  'sites-not-banned',
  'computing-element',
  'cpu-time',
  'processors',
  'memory',
  'connected-resources',
  'requirements',
] as const;

export type ExplainCheckName = (typeof EXPLAIN_CHECK_NAMES)[number];

/** One line of the answer: what was checked, whether it holds, and a sentence saying what to change. */
export interface ExplainCheck {
  readonly name: ExplainCheckName;
  readonly passed: boolean;
  readonly detail: string;
}
