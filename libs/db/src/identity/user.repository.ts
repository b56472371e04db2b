import type { DataSource } from 'typeorm';
import { requireFits } from '../data-source/column-limits.js';
import { parseStringList } from '../data-source/json-text.js';
import { SqlRunner } from '../data-source/sql-runner.js';
import { UserEntity } from '../entities/user.entity.js';

export interface UserRecord {
  readonly name: string;
  readonly vo: string;
  /** The groups the user may act in, in the order given. */
  readonly groups: readonly string[];
  readonly createdAt: number;
}

export class UserRepository {
  private readonly sql: SqlRunner;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  /** Adds the user, or replaces the stored one of that name. */
  async save(user: UserRecord): Promise<void> {
    const entity: UserEntity = {
      name: requireFits(user.name, 255, 'User name'),
      vo: requireFits(user.vo, 255, 'VO'),
      groups: JSON.stringify(user.groups),
      createdAt: user.createdAt,
    };
    await this.sql.withManager((manager) => manager.upsert(UserEntity, entity, ['name']));
  }

  async findByName(name: string): Promise<UserRecord | null> {
    const found = await this.sql.withManager((manager) => manager.findOneBy(UserEntity, { name }));
    return found === null ? null : toRecord(found);
  }

  /** Every user, by name. */
  async list(): Promise<UserRecord[]> {
    const found = await this.sql.withManager((manager) => manager.find(UserEntity, { order: { name: 'ASC' } }));
    return found.map(toRecord);
  }

  async remove(name: string): Promise<boolean> {
    const result = await this.sql.withManager((manager) => manager.delete(UserEntity, { name }));
    return (result.affected ?? 0) > 0;
  }
}

function toRecord(entity: UserEntity): UserRecord {
  return {
    name: entity.name,
    vo: entity.vo,
    groups: parseStringList(entity.groups, `groups of user ${entity.name}`),
    createdAt: entity.createdAt,
  };
}
