import type { DataSource } from 'typeorm';
import { requireFits } from '../data-source/column-limits.js';
import { int, text } from '../data-source/row-values.js';
import { SqlRunner } from '../data-source/sql-runner.js';

/** A pilot's output as its CE gave it after the pilot ended. */
export interface KeptPilotOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly fetchedAt: number;
}

/** Characters kept of each stream: the end, which says how the pilot ended (MariaDB's MEDIUMTEXT holds 16 MiB). */
export const KEPT_PILOT_OUTPUT_CHARS = 256 * 1024;

/** The pilot_outputs table: written by the agents once per ended pilot, read by any server replica. */
export class PilotOutputRepository {
  private readonly sql: SqlRunner;

  constructor(dataSource: DataSource) {
    this.sql = SqlRunner.for(dataSource);
  }

  /** Keeps (or replaces) a pilot's output, each stream cut to its last KEPT_PILOT_OUTPUT_CHARS characters. */
  async keep(pilotRef: string, output: { stdout: string; stderr: string }, time: number): Promise<void> {
    await this.sql.execute(
      `INSERT INTO pilot_outputs (pilotRef, stdout, stderr, fetchedAt) VALUES (?, ?, ?, ?)${this.sql.dialect.onConflictUpdate(
        ['pilotRef'],
        ['stdout', 'stderr', 'fetchedAt'],
      )}`,
      [requireFits(pilotRef, 255, 'PilotRef'), tail(output.stdout), tail(output.stderr), time],
    );
  }

  async find(pilotRef: string): Promise<KeptPilotOutput | null> {
    const [row] = await this.sql.rows('SELECT stdout, stderr, fetchedAt FROM pilot_outputs WHERE pilotRef = ?', [pilotRef]);
    return row === undefined ? null : { stdout: text(row, 'stdout'), stderr: text(row, 'stderr'), fetchedAt: int(row, 'fetchedAt') };
  }

  /**
   * Pilots of `ce` that ended (Done, Failed, Aborted) in [endedAfter, endedBefore) and whose output is not
   * kept yet, oldest first: what the agents fetch next.
   */
  async notYetKept(ce: string, window: { endedAfter: number; endedBefore: number; limit: number }): Promise<string[]> {
    const rows = await this.sql.rows(
      "SELECT p.pilotRef FROM pilots p WHERE p.ce = ? AND p.status IN ('Done', 'Failed', 'Aborted') AND p.endedAt >= ? AND p.endedAt < ? " +
        'AND NOT EXISTS (SELECT 1 FROM pilot_outputs o WHERE o.pilotRef = p.pilotRef) ORDER BY p.endedAt, p.pilotRef LIMIT ?',
      [ce, window.endedAfter, window.endedBefore, window.limit],
    );
    return rows.map((row) => text(row, 'pilotRef'));
  }
}

function tail(stream: string): string {
  return stream.length > KEPT_PILOT_OUTPUT_CHARS ? stream.slice(stream.length - KEPT_PILOT_OUTPUT_CHARS) : stream;
}
