import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The JDL as submitted and as the optimizers last rewrote it (MEDIUMTEXT on MariaDB). */
@Entity('job_jdls')
export class JobJdlEntity {
  @PrimaryColumn({ type: 'integer' })
  jobId!: number;

  @Column({ type: 'text' })
  originalJdl!: string;

  @Column({ type: 'text' })
  currentJdl!: string;
}
