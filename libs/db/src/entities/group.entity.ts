import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A DIRAC group: its VO, its properties (JSON array, e.g. ["NormalUser"]) and its fair-share weight. */
@Entity('groups')
export class GroupEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 255 })
  vo!: string;

  @Column({ type: 'text' })
  properties!: string;

  @Column({ type: 'integer' })
  share!: number;
}
