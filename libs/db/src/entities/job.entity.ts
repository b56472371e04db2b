import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { millis } from './millis.transformer.js';

/** One job and its DIRAC attributes (JobDB.Jobs). The JDLs live in job_jdls to keep rows short. */
@Entity('jobs')
@Index('IDX_jobs_status', ['status'])
@Index('IDX_jobs_owner', ['owner'])
@Index('IDX_jobs_ownerGroup', ['ownerGroup'])
@Index('IDX_jobs_site', ['site'])
@Index('IDX_jobs_taskQueueId', ['taskQueueId'])
export class JobEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  status!: string;

  @Column({ type: 'varchar', length: 255 })
  minorStatus!: string;

  @Column({ type: 'varchar', length: 255 })
  applicationStatus!: string;

  @Column({ type: 'varchar', length: 255 })
  owner!: string;

  @Column({ type: 'varchar', length: 255 })
  ownerGroup!: string;

  @Column({ type: 'varchar', length: 255 })
  vo!: string;

  @Column({ type: 'varchar', length: 128 })
  site!: string;

  @Column({ type: 'varchar', length: 255 })
  jobName!: string;

  @Column({ type: 'varchar', length: 255 })
  jobGroup!: string;

  @Column({ type: 'varchar', length: 64 })
  jobType!: string;

  @Column({ type: 'integer' })
  userPriority!: number;

  @Column({ type: 'integer', nullable: true })
  taskQueueId!: number | null;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'integer' })
  rescheduleCounter!: number;

  @Column({ type: 'bigint', transformer: millis })
  submissionTime!: number;

  @Column({ type: 'bigint', transformer: millis })
  lastUpdateTime!: number;

  @Column({ type: 'bigint', nullable: true, transformer: millis })
  heartBeatTime!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: millis })
  startExecTime!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: millis })
  endExecTime!: number | null;
}
