import { type TokenRevocationStore } from '../tokens/token-revocation-store.js';

/** A TokenRevocationStore for tests: revoke ids by hand, see which ids were asked about. */
export class InMemoryTokenRevocationStore implements TokenRevocationStore {
  readonly revoked = new Set<string>();
  readonly asked: string[] = [];

  isRevoked(jti: string): Promise<boolean> {
    this.asked.push(jti);
    return Promise.resolve(this.revoked.has(jti));
  }
}
