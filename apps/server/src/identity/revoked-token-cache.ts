import { type IssuedTokenRepository } from '@majorana/db';
import type { TokenRevocationStore } from '@majorana/auth';
import type { Clock } from '../common/clock.js';

/**
 * The revocation list in memory, reloaded from the database at most once a second, instead of one
 * database read on every request (on SQLite that read queued behind the matcher's writes). A token
 * revoked on this replica is refused at once; one revoked on another replica within the second —
 * DIRAC's proxy and token caches live far longer. The list holds only revoked tokens that have not
 * expired, so it stays small.
 */
export class RevokedTokenCache implements TokenRevocationStore {
  static readonly TTL_MS = 1_000;
  private cached: { at: number; revoked: Promise<ReadonlySet<string>> } | null = null;
  private readonly revokedHere = new Set<string>();

  constructor(
    private readonly issued: IssuedTokenRepository,
    private readonly clock: Clock,
  ) {}

  async isRevoked(jti: string): Promise<boolean> {
    if (this.revokedHere.has(jti)) {
      return true;
    }
    return (await this.current()).has(jti);
  }

  /** Called by whoever revoked `jti` on this replica, so it is refused from the next request on. */
  noteRevoked(jti: string): void {
    this.revokedHere.add(jti);
    this.cached = null;
  }

  private current(): Promise<ReadonlySet<string>> {
    const now = this.clock.now();
    if (this.cached === null || now - this.cached.at > RevokedTokenCache.TTL_MS) {
      const revoked = this.issued.revokedUnexpired(now).then((jtis) => {
        const loaded = new Set(jtis);
        for (const jti of this.revokedHere) {
          if (loaded.has(jti)) {
            this.revokedHere.delete(jti); // the database has it now; one revoked during the load stays here
          }
        }
        return loaded;
      });
      const entry = { at: now, revoked };
      this.cached = entry;
      revoked.catch(() => {
        if (this.cached === entry) {
          this.cached = null; // a failed load is not cached: the next request tries again
        }
      });
    }
    return this.cached.revoked;
  }
}
