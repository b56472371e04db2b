import type { Explanation, Job, JobActionResult, LoggingRecord } from '@majorana/client';
import { formatTable, shortTime } from '../../common/format-table.js';

/** One row per job: JobID, Status, MinorStatus, ApplicationStatus, Site, JobName, LastUpdate. */
export function formatJobsTable(jobs: readonly Job[]): string {
  return formatTable(
    ['JobID', 'Status', 'MinorStatus', 'ApplicationStatus', 'Site', 'JobName', 'LastUpdate'],
    jobs.map((job) => [
      String(job.JobID),
      job.Status,
      job.MinorStatus,
      job.ApplicationStatus,
      job.Site,
      job.JobName ?? '-',
      shortTime(job.LastUpdateTime),
    ]),
  );
}

/** The status history, oldest first. */
export function formatLogging(records: readonly LoggingRecord[]): string {
  return formatTable(
    ['Time', 'Status', 'MinorStatus', 'ApplicationStatus', 'Source'],
    records.map((record) => [shortTime(record.StatusTime), record.Status, record.MinorStatus, record.ApplicationStatus, record.Source]),
  );
}

/** Name and value, aligned, sorted by name. */
export function formatParameters(parameters: Readonly<Record<string, string>>): string {
  const names = Object.keys(parameters).sort();
  return names.length === 0
    ? '(no parameters yet)\n'
    : formatTable(
        ['Parameter', 'Value'],
        names.map((name) => [name, parameters[name] ?? '']),
      );
}

/** Each check with a mark: `ok` or `NO`, its name and what holds or what to change. */
export function formatExplanation(explanation: Explanation): string {
  const head = `job ${explanation.JobID} is ${explanation.Status}${explanation.taskQueue === null ? '' : ` in task queue ${explanation.taskQueue}`}\n`;
  return (
    head +
    formatTable(
      ['', 'check', 'detail'],
      explanation.checks.map((check) => [check.passed ? 'ok' : 'NO', check.name, check.detail]),
    )
  );
}

/** `killed 1, 2` and one line per job refused with its reason. */
export function formatActionResults(verb: string, results: readonly JobActionResult[]): string {
  const done = results.filter((result) => result.result === 'done').map((result) => result.JobID);
  let text = done.length > 0 ? `${verb} ${done.length === 1 ? 'job' : 'jobs'} ${done.join(', ')}\n` : '';
  for (const result of results.filter((item) => item.result !== 'done')) {
    text += `job ${result.JobID}: ${result.result}${result.reason ? `: ${result.reason}` : ''}\n`;
  }
  return text;
}
