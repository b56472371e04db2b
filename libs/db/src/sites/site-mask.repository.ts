import type { DataSource } from 'typeorm';
import { clip, requireFits } from '../data-source/column-limits.js';
import { SqlRunner } from '../data-source/sql-runner.js';
import { SiteMaskEntity } from '../entities/site-mask.entity.js';

export type SiteMaskStatus = 'Active' | 'Banned';

export interface SiteMaskRecord {
  readonly site: string;
  readonly status: SiteMaskStatus;
  readonly reason: string;
  readonly changedBy: string;
  readonly changedAt: number;
}

/** The site mask. A site never mentioned is Active; only Banned sites are kept from new jobs. */
export class SiteMaskRepository {
  private readonly sql: SqlRunner;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  /** Every site whose status was ever set, by name. */
  async list(): Promise<SiteMaskRecord[]> {
    const found = await this.sql.withManager((manager) => manager.find(SiteMaskEntity, { order: { site: 'ASC' } }));
    return found.map(toRecord);
  }

  /** Sets the site's status, replacing the previous one (its reason and author included). */
  async setStatus(site: string, status: SiteMaskStatus, reason: string, changedBy: string, changedAt: number): Promise<void> {
    if (status !== 'Active' && status !== 'Banned') {
      throw new TypeError(`a site is Active or Banned, not "${String(status)}"`);
    }
    const entity: SiteMaskEntity = {
      site: requireFits(site, 128, 'Site'),
      status,
      reason: clip(reason, 16_000),
      changedBy: requireFits(changedBy, 255, 'ChangedBy'),
      changedAt,
    };
    await this.sql.withManager((manager) => manager.upsert(SiteMaskEntity, entity, ['site']));
  }

  async bannedSites(): Promise<Set<string>> {
    const found = await this.sql.withManager((manager) =>
      manager.find(SiteMaskEntity, { select: { site: true }, where: { status: 'Banned' } }),
    );
    return new Set(found.map((entity) => entity.site));
  }
}

function toRecord(entity: SiteMaskEntity): SiteMaskRecord {
  return {
    site: entity.site,
    status: entity.status === 'Banned' ? 'Banned' : 'Active',
    reason: entity.reason,
    changedBy: entity.changedBy,
    changedAt: entity.changedAt,
  };
}
