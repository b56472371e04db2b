import type { SessionClock } from './session-clock.js';

export type LogLevel = 'INFO' | 'WARN' | 'ERROR';

/** Values printed as `key=value` after the event name; strings with spaces are quoted. */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

/**
 * One line per event on stdout, with ISO time first: site admins read a pilot's output retrieved from
 * the batch system, usually with grep, so every line stands alone (`2025-01-01T00:00:00.000Z INFO
 * job-started jobId=12 attempt=1`).
 */
export class PilotLogger {
  constructor(
    private readonly clock: Pick<SessionClock, 'now'>,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  info(event: string, fields: LogFields = {}): void {
    this.log('INFO', event, fields);
  }

  warn(event: string, fields: LogFields = {}): void {
    this.log('WARN', event, fields);
  }

  error(event: string, fields: LogFields = {}): void {
    this.log('ERROR', event, fields);
  }

  private log(level: LogLevel, event: string, fields: LogFields): void {
    const parts = [new Date(this.clock.now()).toISOString(), level, event];
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) {
        parts.push(`${key}=${formatValue(value)}`);
      }
    }
    this.write(parts.join(' '));
  }
}

function formatValue(value: string | number | boolean | null): string {
  if (typeof value !== 'string') {
    return String(value);
  }
  // One event, one line: a multi-line server message must not break grep-ability.
  const flat = value.replace(/\s+/g, ' ');
  return flat === '' || /[\s"=]/.test(flat) ? JSON.stringify(flat) : flat;
}
