import type { Job, LoggingRecord } from '@majorana/client';

/**
 * DIRAC's own output texts (from DIRACGrid/DIRAC src/DIRAC/Interfaces/scripts, v9), byte for byte, so
 * scripts that parse them keep working. Pure functions; the specs compare them line by line.
 */

/** `JobID = 11`, or `JobID = [11, 12, 13]` for a parametric JDL (DIRAC prints the Python list). */
export function submittedLine(jobIds: readonly number[]): string {
  return jobIds.length === 1 ? `JobID = ${jobIds[0]}\n` : `JobID = [${jobIds.join(', ')}]\n`;
}

/**
 * dirac-wms-job-status: `JobID=9558 ApplicationStatus=Unknown; MinorStatus=Execution Complete;
 * Status=Done; Site=LCG.X.uk; ` — the keys sorted, Site last, each followed by `; `.
 */
export function statusLine(job: Pick<Job, 'JobID' | 'Status' | 'MinorStatus' | 'ApplicationStatus' | 'Site'>): string {
  return `JobID=${job.JobID} ApplicationStatus=${job.ApplicationStatus}; MinorStatus=${job.MinorStatus}; Status=${job.Status}; Site=${job.Site}; \n`;
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, as DIRAC keeps and prints times. */
export function diracTime(iso: string | null | undefined): string {
  if (!iso) {
    return 'None';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * dirac-wms-job-logging-info, DIRAC's printTable with two-space separators: each cell left-justified
 * to its column's width plus two spaces (the last column too), a line of `=` as wide as the table,
 * one row per record.
 */
export function loggingTable(records: readonly LoggingRecord[]): string {
  const header = ['Source', 'Status', 'MinorStatus', 'ApplicationStatus', 'DateTime'];
  const rows = records.map((record) => [
    record.Source,
    record.Status,
    record.MinorStatus,
    record.ApplicationStatus,
    diracTime(record.StatusTime),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string => `${cells.map((cell, column) => cell.padEnd((widths[column] ?? 0) + 2)).join('')}\n`;
  const total = widths.reduce((sum, width) => sum + width + 2, 0);
  return line(header) + `${'='.repeat(total)}\n` + rows.map(line).join('');
}

/** dirac-wms-select-jobs' condition list: `Status = Done, Date = 2026-11-25`. */
export function conditionsText(conditions: readonly (readonly [string, string])[]): string {
  return conditions.map(([name, value]) => `${name} = ${value}`).join(', ');
}

/** dirac-wms-select-jobs: the summary line and the IDs comma-separated (or DIRAC's sentence for none). */
export function selectedJobsText(jobIds: readonly number[], total: number, conditions: readonly (readonly [string, string])[]): string {
  const said = conditionsText(conditions);
  if (total === 0) {
    return `No jobs were selected with conditions: ${said}\n`;
  }
  const head =
    jobIds.length < total
      ? `==> Selected ${total} jobs (first ${jobIds.length} shown) with conditions: ${said}\n`
      : `==> Selected ${total} jobs with conditions: ${said}\n`;
  return `${head}${jobIds.join(',')}\n`;
}

/** dirac-proxy-info's `label        : value` lines (labels padded to 13). */
export function proxyInfoLines(fields: readonly (readonly [string, string])[]): string {
  return fields.map(([label, value]) => `${label.padEnd(13)}: ${value}\n`).join('');
}

/** `HH:MM:SS` left until `expiresAt` (hours may pass 99: a week is 168:00:00), 00:00:00 once past. */
export function timeLeft(expiresAt: Date, now: Date): string {
  const seconds = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}
