import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { millis } from './millis.transformer.js';

/** One line of a job's history (JobLoggingDB): every state change and who made it. */
@Entity('logging_records')
@Index('IDX_logging_records_jobId', ['jobId'])
export class LoggingRecordEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer' })
  jobId!: number;

  @Column({ type: 'varchar', length: 32 })
  status!: string;

  @Column({ type: 'varchar', length: 255 })
  minorStatus!: string;

  @Column({ type: 'varchar', length: 255 })
  applicationStatus!: string;

  @Column({ type: 'bigint', transformer: millis })
  time!: number;

  @Column({ type: 'varchar', length: 64 })
  source!: string;
}
