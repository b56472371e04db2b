import { Column, Entity, PrimaryColumn } from 'typeorm';
import { millis } from './millis.transformer.js';

/** Whether a site may receive jobs (DIRAC's SiteStatus / site mask), with who changed it and why. */
@Entity('site_mask')
export class SiteMaskEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  site!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'varchar', length: 255 })
  changedBy!: string;

  @Column({ type: 'bigint', transformer: millis })
  changedAt!: number;
}
