import type { DataSource } from 'typeorm';
import { requireFits } from '../data-source/column-limits.js';
import { int, text } from '../data-source/row-values.js';
import { SqlRunner } from '../data-source/sql-runner.js';

export interface AgentLease {
  readonly name: string;
  readonly holder: string;
  /** Milliseconds since the epoch; the lease is free from then on. */
  readonly expiresAt: number;
}

/**
 * Database-backed leases so that only one process acts for an agent at a time (DESIGN.md: agents take a
 * database lock before acting). Taking and renewing are one compare-and-set statement each, so two
 * replicas racing for a free lease cannot both win; a holder that dies loses it when it expires.
 */
export class AgentLeaseRepository {
  private readonly sql: SqlRunner;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  /**
   * Takes the lease `name` for `holder` until `now + ttlMs` if it is free (never taken, expired) or
   * already `holder`'s (a renewal). Returns whether `holder` now holds it.
   */
  async acquire(name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
    requireFits(name, 128, 'AgentLease');
    requireFits(holder, 255, 'LeaseHolder');
    const expiresAt = now + ttlMs;
    // The row must exist for the compare-and-set below; a concurrent insert of the same name is skipped.
    await this.sql.execute(
      `INSERT INTO agent_leases (name, holder, expiresAt) VALUES (?, ?, ?)${this.sql.dialect.onConflictDoNothing(['name'], 'name')}`,
      [name, '', 0],
    );
    const taken = await this.sql.execute(
      'UPDATE agent_leases SET holder = ?, expiresAt = ? WHERE name = ? AND (holder = ? OR expiresAt <= ?)',
      [holder, expiresAt, name, holder, now],
    );
    return taken > 0;
  }

  /** Gives the lease up at once (a clean stop), if `holder` still holds it; others may take it right away. */
  async release(name: string, holder: string): Promise<boolean> {
    return (await this.sql.execute('UPDATE agent_leases SET expiresAt = 0 WHERE name = ? AND holder = ?', [name, holder])) > 0;
  }

  async find(name: string): Promise<AgentLease | null> {
    const [row] = await this.sql.rows('SELECT name, holder, expiresAt FROM agent_leases WHERE name = ?', [name]);
    return row === undefined ? null : { name: text(row, 'name'), holder: text(row, 'holder'), expiresAt: int(row, 'expiresAt') };
  }
}
