/** What a remote script said about one pilot (see ssh-pilot-scripts.ts). */
export type SshPilotReport =
  | { readonly kind: 'started'; readonly pid: number }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'exited'; readonly code: number }
  | { readonly kind: 'running' }
  | { readonly kind: 'signalled' }
  | { readonly kind: 'gone' }
  | { readonly kind: 'missing' };

export interface ParsedSshPilotReports {
  readonly byId: ReadonlyMap<string, SshPilotReport>;
  /** `- error <reason>` lines: the script could do nothing at all. */
  readonly errors: readonly string[];
  /** Lines that fit no form (a login banner printed by the remote shell's profile, say). */
  readonly unparsed: readonly string[];
}

const LINE = /^(\S+) (started|failed|exited|running|signalled|gone|missing|error)(?: (.*))?$/;

/**
 * Reads the `<id> <word> [<value>]` lines of a remote script. A line whose value does not fit its word
 * (a pid that is not a number) is kept as unparsed, so that the pilot reads as unreported, never as
 * something it did not say.
 */
export function parseSshPilotReports(stdout: string): ParsedSshPilotReports {
  const byId = new Map<string, SshPilotReport>();
  const errors: string[] = [];
  const unparsed: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line === '') {
      continue;
    }
    const match = LINE.exec(line);
    const [, id = '', word = '', value = ''] = match ?? [];
    const report = match === null ? null : toReport(word, value);
    if (id === '-' && word === 'error') {
      errors.push(value);
    } else if (report === null) {
      unparsed.push(line);
    } else {
      byId.set(id, report);
    }
  }
  return { byId, errors, unparsed };
}

function toReport(word: string, value: string): SshPilotReport | null {
  const whole = /^\d+$/.test(value) ? Number(value) : null;
  switch (word) {
    case 'started':
      return whole !== null && whole > 1 ? { kind: 'started', pid: whole } : null;
    case 'failed':
      return { kind: 'failed', reason: value };
    case 'exited':
      return whole === null ? null : { kind: 'exited', code: whole };
    case 'running':
    case 'signalled':
    case 'gone':
    case 'missing':
      return { kind: word };
    default:
      return null;
  }
}
