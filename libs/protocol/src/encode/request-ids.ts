import { MAX_ID_LENGTH } from '../protocol-limits.js';

/** Room left for `-` and the counter (up to 2^53, 16 digits) within `MAX_ID_LENGTH`. */
const MAX_PREFIX_LENGTH = MAX_ID_LENGTH - 17;

/**
 * A source of request ids for one connection: `createRequestIds('r')` gives `r-1`, `r-2`, … A counter
 * rather than random ids: unique per connection is all the protocol needs, and the order they show
 * in logs is the order they were sent.
 */
export function createRequestIds(prefix: string): () => string {
  if (prefix.length === 0 || prefix.length > MAX_PREFIX_LENGTH) {
    throw new RangeError(`a request id prefix must be 1 to ${MAX_PREFIX_LENGTH} characters, got ${prefix.length}`);
  }
  let counter = 0;
  return () => `${prefix}-${++counter}`;
}
