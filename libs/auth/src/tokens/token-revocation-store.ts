/**
 * Where revoked token ids live; the server implements it on the database so that a revocation made
 * on one replica holds on all of them. Asked on every verification, so it should be cheap (an index
 * on jti; entries may be dropped once the token would have expired anyway).
 */
export interface TokenRevocationStore {
  isRevoked(jti: string): Promise<boolean>;
}
