import type { DataSource } from 'typeorm';
import { requireFits } from '../data-source/column-limits.js';
import { int, text } from '../data-source/row-values.js';
import { SqlRunner, type SqlRow } from '../data-source/sql-runner.js';

/** Where a CE declaration came from: the config file wins at every start; the API edits between starts. */
export type CeDeclarationSource = 'config' | 'api';

export interface ComputingElementRow {
  readonly name: string;
  /** The validated declaration, as JSON text (the agents app owns its shape). */
  readonly declaration: string;
  readonly source: CeDeclarationSource;
  readonly updatedAt: number;
}

/** Longest declaration kept: far above any real one, below MariaDB's TEXT (64 KiB). */
const MAX_DECLARATION_CHARS = 60_000;

/** The computing_elements table: the CEs the site directors drive, read every cycle by every agents process. */
export class ComputingElementRepository {
  private readonly sql: SqlRunner;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  /** By name. */
  async list(): Promise<ComputingElementRow[]> {
    const rows = await this.sql.rows('SELECT name, declaration, source, updatedAt FROM computing_elements ORDER BY name');
    return rows.map(toRow);
  }

  async find(name: string): Promise<ComputingElementRow | null> {
    const [row] = await this.sql.rows('SELECT name, declaration, source, updatedAt FROM computing_elements WHERE name = ?', [name]);
    return row === undefined ? null : toRow(row);
  }

  /** Creates or replaces the declaration of `name` (one statement: safe beside other replicas doing the same). */
  async upsert(row: ComputingElementRow): Promise<void> {
    if (row.declaration.length > MAX_DECLARATION_CHARS) {
      throw new RangeError(
        `the declaration of computing element ${row.name} is ${row.declaration.length} characters; at most ${MAX_DECLARATION_CHARS}`,
      );
    }
    await this.sql.execute(
      `INSERT INTO computing_elements (name, declaration, source, updatedAt) VALUES (?, ?, ?, ?)${this.sql.dialect.onConflictUpdate(
        ['name'],
        ['declaration', 'source', 'updatedAt'],
      )}`,
      [requireFits(row.name, 128, 'ComputingElement'), row.declaration, row.source, row.updatedAt],
    );
  }

  /** Whether there was one to remove. */
  async remove(name: string): Promise<boolean> {
    return (await this.sql.execute('DELETE FROM computing_elements WHERE name = ?', [name])) > 0;
  }
}

function toRow(row: SqlRow): ComputingElementRow {
  return {
    name: text(row, 'name'),
    declaration: text(row, 'declaration'),
    source: text(row, 'source') === 'config' ? 'config' : 'api',
    updatedAt: int(row, 'updatedAt'),
  };
}
