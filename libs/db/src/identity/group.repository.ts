import type { DataSource } from 'typeorm';
import { requireFits } from '../data-source/column-limits.js';
import { parseStringList } from '../data-source/json-text.js';
import { SqlRunner } from '../data-source/sql-runner.js';
import { GroupEntity } from '../entities/group.entity.js';

export interface GroupRecord {
  readonly name: string;
  readonly vo: string;
  /** DIRAC properties, e.g. NormalUser, JobAdministrator. */
  readonly properties: readonly string[];
  /** Fair-share weight relative to the VO's other groups. */
  readonly share: number;
}

export class GroupRepository {
  private readonly sql: SqlRunner;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  /** Adds the group, or replaces the stored one of that name. */
  async save(group: GroupRecord): Promise<void> {
    if (!Number.isSafeInteger(group.share) || group.share < 0) {
      throw new TypeError(`a group's share is a whole number from 0, got ${group.share}`);
    }
    const entity: GroupEntity = {
      name: requireFits(group.name, 255, 'Group name'),
      vo: requireFits(group.vo, 255, 'VO'),
      properties: JSON.stringify(group.properties),
      share: group.share,
    };
    await this.sql.withManager((manager) => manager.upsert(GroupEntity, entity, ['name']));
  }

  async findByName(name: string): Promise<GroupRecord | null> {
    const found = await this.sql.withManager((manager) => manager.findOneBy(GroupEntity, { name }));
    return found === null ? null : toRecord(found);
  }

  /** Every group, by name. */
  async list(): Promise<GroupRecord[]> {
    const found = await this.sql.withManager((manager) => manager.find(GroupEntity, { order: { name: 'ASC' } }));
    return found.map(toRecord);
  }

  async remove(name: string): Promise<boolean> {
    const result = await this.sql.withManager((manager) => manager.delete(GroupEntity, { name }));
    return (result.affected ?? 0) > 0;
  }
}

function toRecord(entity: GroupEntity): GroupRecord {
  return {
    name: entity.name,
    vo: entity.vo,
    properties: parseStringList(entity.properties, `properties of group ${entity.name}`),
    share: entity.share,
  };
}
