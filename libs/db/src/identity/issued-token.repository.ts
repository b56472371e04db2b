import { IsNull, LessThan, type DataSource } from 'typeorm';
import { requireFits } from '../data-source/column-limits.js';
import { SqlRunner } from '../data-source/sql-runner.js';
import { IssuedTokenEntity } from '../entities/issued-token.entity.js';

export interface IssuedTokenRecord {
  /** The token's `jti` claim. */
  readonly jti: string;
  /** The user it was issued to. */
  readonly subject: string;
  readonly ownerGroup: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
}

export type NewIssuedToken = Omit<IssuedTokenRecord, 'revokedAt'>;

/** Tokens the server issued, so a user or admin can list them and revoke one before it expires. */
export class IssuedTokenRepository {
  private readonly sql: SqlRunner;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  async record(token: NewIssuedToken): Promise<void> {
    const entity: IssuedTokenEntity = {
      jti: requireFits(token.jti, 64, 'jti'),
      subject: requireFits(token.subject, 255, 'Subject'),
      ownerGroup: requireFits(token.ownerGroup, 255, 'OwnerGroup'),
      issuedAt: token.issuedAt,
      expiresAt: token.expiresAt,
      revokedAt: null,
    };
    await this.sql.withManager((manager) =>
      manager.createQueryBuilder().insert().into(IssuedTokenEntity).values(entity).updateEntity(false).execute(),
    );
  }

  /** Revokes the token; false if it is unknown or was already revoked (the first revocation time stays). */
  async revoke(jti: string, time: number): Promise<boolean> {
    const result = await this.sql.withManager((manager) =>
      manager.update(IssuedTokenEntity, { jti, revokedAt: IsNull() }, { revokedAt: time }),
    );
    return (result.affected ?? 0) > 0;
  }

  /**
   * Whether the token was revoked. A jti never recorded is not "revoked": the signature and expiry
   * checks decide about tokens this table does not know.
   */
  async isRevoked(jti: string): Promise<boolean> {
    const found = await this.sql.withManager((manager) =>
      manager.findOne(IssuedTokenEntity, { select: { revokedAt: true }, where: { jti } }),
    );
    return found !== null && found.revokedAt !== null;
  }

  /** The ids of revoked tokens that have not expired yet at `now` (the ones a verifier must still refuse). */
  async revokedUnexpired(now: number): Promise<string[]> {
    const rows = await this.sql.rows('SELECT jti FROM issued_tokens WHERE revokedAt IS NOT NULL AND expiresAt > ?', [now]);
    return rows.map((row) => String(row['jti']));
  }

  /** The subject's tokens, newest first (revoked and expired ones included). */
  async listForSubject(subject: string): Promise<IssuedTokenRecord[]> {
    const found = await this.sql.withManager((manager) =>
      manager.find(IssuedTokenEntity, { where: { subject }, order: { issuedAt: 'DESC', jti: 'ASC' } }),
    );
    return found.map((entity) => ({ ...entity }));
  }

  /** Forgets tokens that expired before `time` (they are refused by their expiry anyway); returns how many. */
  async deleteExpired(time: number): Promise<number> {
    const result = await this.sql.withManager((manager) => manager.delete(IssuedTokenEntity, { expiresAt: LessThan(time) }));
    return result.affected ?? 0;
  }
}
