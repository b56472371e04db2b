import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { millis } from './millis.transformer.js';

/** A token the server handed out, kept so it can be listed and revoked before it expires. */
@Entity('issued_tokens')
@Index('IDX_issued_tokens_subject', ['subject'])
export class IssuedTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  jti!: string;

  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  @Column({ type: 'varchar', length: 255 })
  ownerGroup!: string;

  @Column({ type: 'bigint', transformer: millis })
  issuedAt!: number;

  @Column({ type: 'bigint', transformer: millis })
  expiresAt!: number;

  @Column({ type: 'bigint', nullable: true, transformer: millis })
  revokedAt!: number | null;
}
