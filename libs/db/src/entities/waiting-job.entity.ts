import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The claim table (DIRAC TaskQueueDB.tq_Jobs): one row per job waiting in a task queue. A claim
 * deletes the best row in one statement, so its presence is the job's "still available" flag.
 */
@Entity('waiting_jobs')
// (taskQueueId, userPriority DESC, jobId), created by the migration in raw SQL: TypeORM's index
// metadata cannot say DESC, so schema comparison must leave it alone.
@Index('IDX_waiting_jobs_claim', { synchronize: false })
export class WaitingJobEntity {
  @PrimaryColumn({ type: 'integer' })
  jobId!: number;

  @Column({ type: 'integer' })
  taskQueueId!: number;

  @Column({ type: 'integer' })
  userPriority!: number;
}
