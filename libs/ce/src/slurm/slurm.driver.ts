import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  type CeCapacity,
  type ComputingElement,
  type PilotLaunch,
  type PilotOutput,
  type SubmitPilotsRequest,
  type SubmittedPilot,
} from '../computing-element.js';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { formatPilotRef } from '../pilot-ref.js';
import type { PilotStatus } from '../pilot-status.js';
import type { CommandResult } from '../shell/command-runner.js';
import { validateSubmitRequest } from '../validate-submit-request.js';
import { buildSbatchArgs, parseSbatchJobIds } from './sbatch-args.js';
import { buildSlurmBatchScript } from './slurm-batch-script.js';
import { type ResolvedSlurmCeOptions, resolveSlurmCeOptions, type SlurmCeOptions } from './slurm-ce-options.js';
import { exitRecordToPilotStatus, slurmStateToPilotStatus } from './slurm-job-state.js';
import { SlurmPilotIndexFile } from './slurm-pilot-index.file.js';
import type { FinalPilotStatus, SlurmPilotRecord } from './slurm-pilot-record.js';
import { READ_EXIT_RECORDS, RENAME_FILE, REMOVE_PILOT_FILES, shellProgram, SUBMIT_PILOTS, TAIL_FILE } from './slurm-shell-programs.js';
import { SlurmWorkDirLayout } from './slurm-work-dir-layout.js';
import { buildSqueueArgs, isSqueueUnknownJobError, parseExitRecords, parseSqueueOutput } from './squeue-output.js';
import { requireKnownPilot, requireOpen, requireOwnPilotRefs, type DriverIdentity } from '../driver-support/driver-guards.js';
import { SerialIndexWriter } from '../driver-support/serial-index-writer.js';

/** scancel's complaints about jobs that ended on their own meanwhile: nothing left to cancel. */
const ALREADY_FINISHED = /already completing or completed|Invalid job id specified/i;

/**
 * Runs pilots as Slurm batch jobs: `sbatch`, one `squeue` for the statuses of all pilots, `scancel`,
 * through a {@link CommandRunner}, so the same driver works on a submit host or over SSH. Each pilot
 * learns its ref `slurm://<ce>/<jobid>` from `$SLURM_JOB_ID` in its batch script.
 *
 * Statuses come from `squeue --states=all` while Slurm keeps the job (MinJobAge after its end; no
 * accounting needed), then from the exit code the batch script recorded, and once final they are kept
 * in the index, so they never change again. The index (`<workDir>/pilots.json`) lets a restarted
 * agents process answer for the pilots submitted before. One driver instance per work directory.
 */
export class SlurmComputingElement implements ComputingElement {
  readonly kind = 'slurm' as const;
  readonly name: string;
  readonly site: string;

  /** Every pilot we know, by ref, in submission order. */
  private readonly records = new Map<string, SlurmPilotRecord>();
  /** Content hashes of pilot scripts already copied to the work directory by this instance. */
  private readonly shippedScripts = new Set<string>();
  private readonly layout: SlurmWorkDirLayout;
  /** Index writes, one after the other, so an older snapshot never replaces a newer one. */
  private readonly indexWriter = new SerialIndexWriter(
    () => this.index.write([...this.records.values()]),
    (message, error) => this.options.logger.warn(message, { ce: this.name, error }),
  );
  /** Submissions, one after the other, so two cannot both pass the capacity check. */
  private submitting: Promise<unknown> = Promise.resolve();
  private state: 'open' | 'closed' = 'open';

  private constructor(
    private readonly options: ResolvedSlurmCeOptions,
    private readonly index: SlurmPilotIndexFile,
    records: readonly SlurmPilotRecord[],
  ) {
    this.name = options.name;
    this.site = options.site;
    this.layout = new SlurmWorkDirLayout(options.workDir);
    for (const record of records) {
      this.records.set(record.ref, record);
    }
  }

  /** Prepares the work directory on the submit host and reads back the pilots of earlier runs. */
  static async open(options: SlurmCeOptions): Promise<SlurmComputingElement> {
    const resolved = resolveSlurmCeOptions(options);
    const index = new SlurmPilotIndexFile(resolved.runner, resolved.workDir, resolved.name, resolved.commandTimeoutMs);
    return new SlurmComputingElement(resolved, index, await index.prepareAndRead());
  }

  capacity(): CeCapacity {
    return { maxPilots: this.options.maxPilots, slotsPerPilot: this.options.slotsPerPilot };
  }

  async submitPilots(request: SubmitPilotsRequest): Promise<SubmittedPilot[]> {
    this.assertOpen();
    validateSubmitRequest(request);
    const run = this.submitting.then(() => this.submit(request));
    this.submitting = run.catch(() => undefined);
    return run;
  }

  async pilotStatuses(pilotRefs: readonly string[]): Promise<Map<string, PilotStatus>> {
    this.assertOpen();
    this.assertOwnRefs(pilotRefs);
    const known = pilotRefs.map((ref) => this.records.get(ref)).filter((record) => record !== undefined);
    const current = await this.refresh(known);
    // Ours by its shape but not in the index: never submitted here, or the index was moved away.
    return new Map(pilotRefs.map((ref) => [ref, current.get(ref) ?? 'Unknown']));
  }

  async cancelPilots(pilotRefs: readonly string[]): Promise<void> {
    this.assertOpen();
    const records = pilotRefs.map((ref) => this.knownRecord(ref));
    const current = await this.refresh(records);
    // A pilot seen finished is left alone; one whose status is unknown is cancelled all the same.
    const targets = records.filter((record) => this.records.get(record.ref)?.final === null);
    if (targets.length === 0) {
      return;
    }
    const result = await this.runCommand(['scancel', ...targets.map((record) => record.jobId)]);
    const problems = result.stderr
      .split('\n')
      .filter((line) => /error/i.test(line) && !ALREADY_FINISHED.test(line))
      .map((line) => line.trim());
    if (result.exitCode !== 0 && (problems.length > 0 || result.exitCode === null)) {
      throw new CeException(
        CeErrorCode.CancelFailed,
        `scancel on ${this.options.runner.description} failed for ${this.name}: ${problems.join('; ') || `exit ${String(result.exitCode)}`}`,
        { pilotRefs: targets.map((record) => record.ref), statuses: Object.fromEntries(current) },
      );
    }
    const now = this.options.clock.now();
    for (const record of targets) {
      this.records.set(record.ref, { ...this.records.get(record.ref)!, cancelledAtMs: now });
    }
    await this.persist();
  }

  async pilotOutput(pilotRef: string): Promise<PilotOutput> {
    this.assertOpen();
    const record = this.knownRecord(pilotRef);
    const tail = async (stream: 'out' | 'err'): Promise<string> => {
      const path = this.layout.outputPath(record.jobId, stream);
      const result = await this.runCommand(shellProgram(TAIL_FILE, [path, String(this.options.outputTailBytes)]));
      if (result.exitCode !== 0) {
        throw new Error(`tail ${path}: ${result.stderr.trim() || `exit ${String(result.exitCode)}`}`);
      }
      // A cut inside a multi-byte character decodes as replacement characters: drop that leftover.
      return result.stdout.replace(/^\uFFFD{1,3}/, '');
    };
    try {
      const [stdout, stderr] = await Promise.all([tail('out'), tail('err')]);
      return { stdout, stderr };
    } catch (error) {
      throw new CeException(
        CeErrorCode.OutputUnavailable,
        `Cannot read the output of ${pilotRef} on ${this.options.runner.description}: ${String(error)}`,
        { pilotRef },
      );
    }
  }

  /**
   * Deletes the files and records of pilots that finished before `olderThan`; returns their refs,
   * which then read `Unknown`. The same role as the Local driver's cleanup().
   */
  async cleanup(olderThan: Date): Promise<string[]> {
    this.assertOpen();
    const old = [...this.records.values()].filter((record) => record.final !== null && record.final.atMs < olderThan.getTime());
    if (old.length === 0) {
      return [];
    }
    const result = await this.runCommand(shellProgram(REMOVE_PILOT_FILES, [this.layout.pilotsDir, ...old.map((record) => record.jobId)]));
    if (result.exitCode !== 0) {
      this.options.logger.warn(`could not delete the files of ${old.length} finished pilot(s): ${result.stderr.trim()}`, { ce: this.name });
      return [];
    }
    for (const record of old) {
      this.records.delete(record.ref);
    }
    await this.persist();
    return old.map((record) => record.ref);
  }

  /** Leaves the pilots running in Slurm (they are batch jobs, not our children) and saves the index. */
  async close(): Promise<void> {
    if (this.state === 'closed') {
      return;
    }
    this.state = 'closed';
    await this.submitting;
    await this.indexWriter.settled();
  }

  private async submit(request: SubmitPilotsRequest): Promise<SubmittedPilot[]> {
    this.assertOpen();
    const active = [...(await this.refresh([...this.records.values()])).values()].filter(
      (status) => status !== 'Done' && status !== 'Failed' && status !== 'Aborted',
    ).length;
    const free = this.options.maxPilots - active;
    if (request.count > free) {
      throw new CeException(
        CeErrorCode.CapacityExceeded,
        `${this.name} has room for ${Math.max(free, 0)} more pilot(s) (${active} of ${this.options.maxPilots} active); asked for ${request.count}.`,
        { free, active, maxPilots: this.options.maxPilots },
      );
    }
    if (request.count === 0) {
      return [];
    }
    const launch = await this.launchOnSubmitHost(request.pilotCommand);
    const script = buildSlurmBatchScript({ ceName: this.name, pilotsDir: this.layout.pilotsDir, launch });
    const sbatchArgs = buildSbatchArgs({ ceName: this.name, layout: this.layout, ...this.options });
    const submittedAtMs = this.options.clock.now();
    let result: CommandResult;
    try {
      result = await this.runCommand(
        shellProgram(SUBMIT_PILOTS, [String(request.count), this.options.inheritedEnv.join(' '), ...sbatchArgs]),
        script,
      );
    } catch (error) {
      throw new CeException(CeErrorCode.SubmitFailed, `Could not run sbatch on ${this.options.runner.description}: ${String(error)}`);
    }
    const jobIds = parseSbatchJobIds(result.stdout);
    const failure = result.exitCode === 0 ? null : result.stderr.trim() || `exit ${String(result.exitCode)}`;
    if (jobIds.length === 0) {
      throw new CeException(
        CeErrorCode.SubmitFailed,
        `sbatch on ${this.options.runner.description} submitted no pilot for ${this.name}: ${failure ?? 'it printed no job id'}. ` +
          'Check the partition, the sbatch options and that the Slurm clients work there.',
        { stderr: result.stderr },
      );
    }
    if (failure !== null || jobIds.length < request.count) {
      // Some are queued already: report them, so they are tracked, rather than an error that hides them.
      this.options.logger.warn(`submitted only ${jobIds.length} of ${request.count} pilots: ${failure ?? 'sbatch printed fewer job ids'}`, {
        ce: this.name,
      });
    }
    const submitted = jobIds.map((jobId): SubmittedPilot => {
      const ref = formatPilotRef('slurm', this.name, jobId);
      this.records.set(ref, { jobId, ref, submittedAtMs, cancelledAtMs: null, final: null });
      return { pilotRef: ref, batchId: jobId, submittedAt: new Date(submittedAtMs) };
    });
    await this.persist();
    return submitted;
  }

  /** The launch with its script as the submit host sees it: the shipped copy when shipping is on. */
  private async launchOnSubmitHost(launch: PilotLaunch): Promise<PilotLaunch> {
    if (!this.options.shipPilotScript) {
      return launch;
    }
    let content: Buffer;
    try {
      content = await readFile(launch.script);
    } catch (error) {
      throw new CeException(
        CeErrorCode.SubmitFailed,
        `The pilot script ${launch.script} cannot be read (${String(error)}); build the pilot or fix its path.`,
      );
    }
    const hash = createHash('sha256').update(content).digest('hex').slice(0, 16);
    const remote = this.layout.shippedScriptPath(hash);
    if (!this.shippedScripts.has(hash)) {
      // Copied aside and renamed: a pilot starting meanwhile never reads half a script.
      const temporary = `${remote}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await this.options.runner.copyFile(launch.script, temporary);
        const renamed = await this.runCommand(shellProgram(RENAME_FILE, [temporary, remote]));
        if (renamed.exitCode !== 0) {
          throw new Error(renamed.stderr.trim() || `mv exited ${String(renamed.exitCode)}`);
        }
      } catch (error) {
        throw new CeException(
          CeErrorCode.SubmitFailed,
          `Could not copy the pilot script ${launch.script} to ${remote} on ${this.options.runner.description}: ${String(error)}`,
        );
      }
      this.shippedScripts.add(hash);
    }
    return { ...launch, script: remote };
  }

  /**
   * The current status of these pilots: final ones from their record, the others from one squeue
   * for all, and those Slurm no longer lists from their exit records (one more command). What cannot
   * be read now is `Unknown`. Newly final statuses are saved.
   */
  private async refresh(records: readonly SlurmPilotRecord[]): Promise<Map<string, PilotStatus>> {
    const statuses = new Map<string, PilotStatus>();
    const open: SlurmPilotRecord[] = [];
    // The callers' records may be older than ours (a poll that finished meanwhile): use the latest.
    for (const record of records.map((given) => this.records.get(given.ref) ?? given)) {
      if (record.final === null) {
        open.push(record);
      } else {
        statuses.set(record.ref, record.final.status);
      }
    }
    if (open.length === 0) {
      return statuses;
    }
    const slurmStates = await this.querySqueue(open.map((record) => record.jobId));
    if (slurmStates === null) {
      open.forEach((record) => statuses.set(record.ref, 'Unknown'));
      return statuses;
    }
    const forgotten = open.filter((record) => !slurmStates.has(record.jobId));
    const exitCodes = forgotten.length === 0 ? new Map<string, number>() : await this.readExitRecords(forgotten.map((r) => r.jobId));
    const now = this.options.clock.now();
    let changed = false;
    for (const record of open) {
      const state = slurmStates.get(record.jobId);
      let status: PilotStatus;
      if (state !== undefined) {
        status = slurmStateToPilotStatus(state);
      } else if (exitCodes === null) {
        status = 'Unknown';
      } else {
        status = exitRecordToPilotStatus(exitCodes.get(record.jobId) ?? null);
      }
      statuses.set(record.ref, status);
      if ((status === 'Done' || status === 'Failed' || status === 'Aborted') && this.records.has(record.ref)) {
        const latest = this.records.get(record.ref)!;
        this.records.set(record.ref, { ...latest, final: { status: status satisfies FinalPilotStatus, atMs: now } });
        changed = true;
      }
    }
    if (changed) {
      await this.persist();
    }
    return statuses;
  }

  /** Slurm's state of each job it still lists; null when squeue could not be asked. */
  private async querySqueue(jobIds: readonly string[]): Promise<Map<string, string> | null> {
    try {
      const result = await this.runCommand(buildSqueueArgs(jobIds));
      if (result.exitCode === 0) {
        return parseSqueueOutput(result.stdout);
      }
      if (jobIds.length === 1 && isSqueueUnknownJobError(result.stderr)) {
        return new Map();
      }
      throw new Error(result.stderr.trim() || `exit ${String(result.exitCode)}`);
    } catch (error) {
      this.options.logger.warn('squeue failed; the pilots read Unknown until it answers', { ce: this.name, error });
      return null;
    }
  }

  /** The exit codes the batch scripts recorded; null when they could not be read. */
  private async readExitRecords(jobIds: readonly string[]): Promise<Map<string, number> | null> {
    try {
      const result = await this.runCommand(shellProgram(READ_EXIT_RECORDS, [this.layout.pilotsDir, ...jobIds]));
      if (result.exitCode !== 0) {
        throw new Error(result.stderr.trim() || `exit ${String(result.exitCode)}`);
      }
      return parseExitRecords(result.stdout);
    } catch (error) {
      this.options.logger.warn('could not read the exit records of pilots Slurm no longer lists', { ce: this.name, error });
      return null;
    }
  }

  private runCommand(argv: readonly string[], stdin?: string): Promise<CommandResult> {
    return this.options.runner.run(argv, { stdin, timeoutMs: this.options.commandTimeoutMs });
  }

  private get identity(): DriverIdentity {
    return { kind: this.kind, name: this.name, label: 'Slurm CE' };
  }

  private persist(): Promise<void> {
    return this.indexWriter.save();
  }

  private assertOpen(): void {
    requireOpen(this.identity, this.state);
  }

  private assertOwnRefs(pilotRefs: readonly string[]): void {
    requireOwnPilotRefs(this.identity, pilotRefs);
  }

  private knownRecord(pilotRef: string): SlurmPilotRecord {
    return requireKnownPilot(this.identity, this.records, pilotRef);
  }
}
