import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { millis } from './millis.transformer.js';

/**
 * A set of jobs with identical requirements (DIRAC TaskQueueDB). `key` is the sha-256 of the
 * canonical definition, so equal requirements always land in the same queue; `definition` is the
 * JSON the domain layer produced, stored as received.
 */
@Entity('task_queues')
@Index('UQ_task_queues_key', ['key'], { unique: true })
export class TaskQueueEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'text' })
  definition!: string;

  @Column({ type: 'varchar', length: 255 })
  owner!: string;

  @Column({ type: 'varchar', length: 255 })
  ownerGroup!: string;

  @Column({ type: 'varchar', length: 255 })
  vo!: string;

  @Column({ type: 'integer' })
  cpuTime!: number;

  @Column({ type: 'bigint', transformer: millis })
  createdAt!: number;
}
