import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { millis } from './millis.transformer.js';

/** One match of a job to a pilot. Messages about the job must carry this attempt's fencing token. */
@Entity('job_attempts')
@Index('IDX_job_attempts_pilotRef', ['pilotRef'])
export class JobAttemptEntity {
  @PrimaryColumn({ type: 'integer' })
  jobId!: number;

  @PrimaryColumn({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'varchar', length: 64 })
  fencingToken!: string;

  @Column({ type: 'bigint', transformer: millis })
  matchedAt!: number;

  @Column({ type: 'varchar', length: 128 })
  site!: string;

  @Column({ type: 'varchar', length: 255 })
  ce!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  pilotRef!: string | null;
}
