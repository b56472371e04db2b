import type { ValueTransformer } from 'typeorm';

/**
 * Timestamps are stored as integer milliseconds since the epoch (BIGINT) on both databases: one
 * representation, no time zones, cheap comparisons. mysql2 may hand a BIGINT back as a string.
 */
export const millis: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: unknown) => (value === null || value === undefined ? value : Number(value)),
};
