import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A free-form name/value reported about a job (DIRAC's job parameters: CPU model, host, …). */
@Entity('job_parameters')
export class JobParameterEntity {
  @PrimaryColumn({ type: 'integer' })
  jobId!: number;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text' })
  value!: string;
}
