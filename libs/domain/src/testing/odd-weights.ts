/** Candidates of which only `only` has a weight that may be picked (a positive finite number). */
export const ODD_WEIGHTS = [
  { item: 'zero', weight: 0 },
  { item: 'negative', weight: -5 },
  { item: 'nan', weight: Number.NaN },
  { item: 'infinite', weight: Number.POSITIVE_INFINITY },
  { item: 'only', weight: 2 },
] as const;
