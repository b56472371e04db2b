import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { formatPilotRef } from '../pilot-ref.js';
import type { CommandRunner } from '../shell/command-runner.js';
import { PREPARE_WORK_DIR, shellProgram, WRITE_FILE } from './slurm-shell-programs.js';
import type { SlurmPilotRecord } from './slurm-pilot-record.js';
import { isPlainObject, parsePilotIndex } from '../driver-support/parse-pilot-index.js';

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
    return parsePilotIndex(text, {
      version: INDEX_VERSION,
      kind: 'Slurm pilot index',
      owner: { ce: this.ce },
      describeOwner: (owner) => `CE ${JSON.stringify(owner['ce'])}`,
      isEntry: (entry): entry is SlurmPilotRecord => isPilotRecord(entry) && entry.ref === formatPilotRef('slurm', this.ce, entry.jobId),
      unreadable: (problem) => this.unreadable(problem),
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

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function isPilotRecord(value: unknown): value is SlurmPilotRecord {
  if (!isPlainObject(value)) {
    return false;
  }
  const { jobId, ref, submittedAtMs, cancelledAtMs, final } = value;
  const finalOk =
    final === null ||
    (isPlainObject(final) &&
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
