import { Column, Entity, PrimaryColumn } from 'typeorm';
import { millis } from './millis.transformer.js';

/** A registered user; `groups` is a JSON array of group names. */
@Entity('users')
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 255 })
  vo!: string;

  @Column({ type: 'text' })
  groups!: string;

  @Column({ type: 'bigint', transformer: millis })
  createdAt!: number;
}
