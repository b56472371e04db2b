/** How a pilot waits between connection attempts (protocol README, "Rules"). */
export interface BackoffPolicy {
  /** Delay before the first retry. @default 1000 */
  readonly initialMs: number;
  /** The delay stops doubling here. @default 60000 */
  readonly maxMs: number;
  /** Each delay is spread by ±this fraction so that pilots cut off together do not all come back together. @default 0.2 */
  readonly jitter: number;
}

export const defaultBackoffPolicy: BackoffPolicy = { initialMs: 1000, maxMs: 60_000, jitter: 0.2 };

/**
 * The delay before retry number `attempt` (0 for the first retry): `initialMs` doubling up to `maxMs`,
 * then multiplied by a factor in [1 - jitter, 1 + jitter) drawn from `random` (a `Math.random`-like
 * source in [0, 1), injected so tests are deterministic).
 */
export function reconnectDelayMs(attempt: number, random: () => number, policy: BackoffPolicy = defaultBackoffPolicy): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
  const factor = 1 + policy.jitter * (2 * random() - 1);
  return Math.round(base * factor);
}
