import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { formatPilotRef } from '../pilot-ref.js';
import type { CommandRunner } from '../shell/command-runner.js';
import { PREPARE_WORK_DIR, shellProgram, WRITE_FILE } from './slurm-shell-programs.js';
import type { SlurmPilotRecord } from './slurm-pilot-record.js';

const INDEX_VERSION = 1;

interface SlurmPilotIndex {
  readonly version: typeof INDEX_VERSION;
  /** The CE the directory belongs to: refs carry its name, so another CE cannot take it over. */
  readonly ce: string;
  readonly pilots: readonly SlurmPilotRecord[];
}

/**
 * The Slurm driver's memory across restarts: `<workDir>/pilots.json` on the submit host, read and
 * written through the CE's command runner (the work directory may be on the other end of SSH). Each
 * write replaces the file whole (written aside, then renamed).
 */
export class SlurmPilotIndexFile {
  constructor(
    private readonly runner: CommandRunner,
    private readonly workDir: string,
    private readonly ce: string,
    private readonly timeoutMs: number,
  ) {}

  get path(): string {
    return `${this.workDir}/pilots.json`;
  }

  /** Creates the work directory's layout and returns the saved records (none the first time). */
  async prepareAndRead(): Promise<SlurmPilotRecord[]> {
    const result = await this.runner.run(shellProgram(PREPARE_WORK_DIR, [this.workDir]), { timeoutMs: this.timeoutMs });
    if (result.exitCode !== 0) {
      throw new CeException(
        CeErrorCode.InvalidConfiguration,
        `Cannot prepare the Slurm CE work directory ${this.workDir} on ${this.runner.description}: ${result.stderr.trim() || `exit ${String(result.exitCode)}`}. ` +
          'Check that the path is writable by the CE user there.',
        { workDir: this.workDir },
      );
    }
    return result.stdout.trim() === '' ? [] : this.parse(result.stdout);
  }

  async write(pilots: readonly SlurmPilotRecord[]): Promise<void> {
    const index: SlurmPilotIndex = { version: INDEX_VERSION, ce: this.ce, pilots };
    const result = await this.runner.run(shellProgram(WRITE_FILE, [this.path]), {
      stdin: `${JSON.stringify(index, null, 1)}\n`,
      timeoutMs: this.timeoutMs,
    });
    if (result.exitCode !== 0) {
      throw new Error(
        `writing ${this.path} on ${this.runner.description} failed: ${result.stderr.trim() || `exit ${String(result.exitCode)}`}`,
      );
    }
  }

  private parse(text: string): SlurmPilotRecord[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw this.unreadable('is not JSON');
    }
    if (!isObject(parsed) || parsed['version'] !== INDEX_VERSION || !Array.isArray(parsed['pilots'])) {
      throw this.unreadable(`is not a version ${INDEX_VERSION} Slurm pilot index`);
    }
    if (parsed['ce'] !== this.ce) {
      throw this.unreadable(
        `belongs to CE ${JSON.stringify(parsed['ce'])}, not ${JSON.stringify(this.ce)}; give each CE its own work directory`,
      );
    }
    return parsed['pilots'].map((pilot: unknown, i) => {
      if (!isPilotRecord(pilot) || pilot.ref !== formatPilotRef('slurm', this.ce, pilot.jobId)) {
        throw this.unreadable(`has a malformed entry pilots[${i}]`);
      }
      return pilot;
    });
  }

  private unreadable(problem: string): CeException {
    return new CeException(
      CeErrorCode.IndexUnreadable,
      `The Slurm CE's pilot index ${this.path} on ${this.runner.description} ${problem}. ` +
        'Move it away to start with an empty index (the pilots it lists are then forgotten).',
      { path: this.path },
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function isPilotRecord(value: unknown): value is SlurmPilotRecord {
  if (!isObject(value)) {
    return false;
  }
  const { jobId, ref, submittedAtMs, cancelledAtMs, final } = value;
  const finalOk =
    final === null ||
    (isObject(final) &&
      (final['status'] === 'Done' || final['status'] === 'Failed' || final['status'] === 'Aborted') &&
      isTime(final['atMs']));
  return (
    typeof jobId === 'string' &&
    /^\d+$/.test(jobId) &&
    typeof ref === 'string' &&
    isTime(submittedAtMs) &&
    (cancelledAtMs === null || isTime(cancelledAtMs)) &&
    finalOk
  );
}
