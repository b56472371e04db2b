import { randomUUID } from 'node:crypto';
import { access, constants, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ComputingElement,
  type CeCapacity,
  PILOT_REF_ENV,
  type PilotLaunch,
  type PilotOutput,
  type SubmitPilotsRequest,
  type SubmittedPilot,
} from '../computing-element.js';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { formatPilotRef } from '../pilot-ref.js';
import { isFinalPilotStatus, type PilotStatus } from '../pilot-status.js';
import { validateSubmitRequest } from '../validate-submit-request.js';
import { type LocalCeOptions, type ResolvedLocalCeOptions, resolveLocalCeOptions } from './local-ce-options.js';
import { LOCAL_PILOT_INDEX_FILE, LocalPilotIndexFile } from './local-pilot-index.file.js';
import { localPilotFinishedAtMs, localPilotStatus, type LocalPilotRecord } from './local-pilot-record.js';
import type { ProcessExit } from './process-spawner.js';
import { readFileTail } from './read-file-tail.js';
import { waitAtMost } from './wait-at-most.js';
import { WorkDirLock } from './work-dir-lock.js';
import { requireKnownPilot, requireOpen, requireOwnPilotRefs, type DriverIdentity } from '../driver-support/driver-guards.js';
import { SerialIndexWriter } from '../driver-support/serial-index-writer.js';

/** After SIGKILL, how long close() waits for the exits before it gives up on a process stuck in the kernel. */
const KILL_WAIT_MS = 5_000;

/**
 * Runs pilots as child processes on this machine: the CE of `majorana up`. Each pilot leads its own
 * process group, writes to `<workDir>/<uuid>/pilot.out|pilot.err`, and starts in that directory.
 * Exits are recorded in `<workDir>/pilots.json`, so a restarted server still answers for the pilots
 * it started before. One instance per work directory (a lock file enforces it).
 */
export class LocalComputingElement implements ComputingElement {
  readonly kind = 'local' as const;
  readonly name: string;
  readonly site: string;

  /** Every pilot we know, by ref; in insertion (submission) order. */
  private readonly records = new Map<string, LocalPilotRecord>();
  /** Pilots this instance spawned whose exit is not recorded yet → settles once it is. */
  private readonly children = new Map<string, Promise<void>>();
  private readonly killTimers = new Map<string, NodeJS.Timeout>();
  /** Index writes, one after the other, so an older snapshot never replaces a newer one. */
  private readonly indexWriter = new SerialIndexWriter(
    () => this.index.write([...this.records.values()]),
    (message, error) => this.options.logger.warn(message, { ce: this.name, error }),
  );
  /** Submissions, one after the other, so two cannot both pass the capacity check. */
  private submitting: Promise<unknown> = Promise.resolve();
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly options: ResolvedLocalCeOptions,
    private readonly index: LocalPilotIndexFile,
    private readonly lock: WorkDirLock,
    records: readonly LocalPilotRecord[],
  ) {
    this.name = options.name;
    this.site = options.site;
    for (const record of records) {
      this.records.set(record.ref, record);
    }
  }

  /** Opens (creating if needed) the work directory and reads back the pilots of earlier runs. */
  static async open(options: LocalCeOptions): Promise<LocalComputingElement> {
    const resolved = resolveLocalCeOptions(options);
    await mkdir(resolved.workDir, { recursive: true });
    const lock = await WorkDirLock.acquire(resolved.workDir, (pid) => resolved.spawner.isAlive(pid));
    try {
      const index = new LocalPilotIndexFile(join(resolved.workDir, LOCAL_PILOT_INDEX_FILE), resolved.name);
      const ce = new LocalComputingElement(resolved, index, lock, await index.read());
      await ce.noticeLostPilots();
      return ce;
    } catch (error) {
      await lock.release();
      throw error;
    }
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
    await this.noticeLostPilots();
    const statuses = new Map<string, PilotStatus>();
    for (const ref of pilotRefs) {
      const record = this.records.get(ref);
      // Ours by its shape but not in the index: cleaned up, or the index was moved away.
      statuses.set(ref, record === undefined ? 'Unknown' : this.statusOf(record));
    }
    return statuses;
  }

  async cancelPilots(pilotRefs: readonly string[]): Promise<void> {
    this.assertOpen();
    const records = pilotRefs.map((ref) => this.knownRecord(ref));
    await this.noticeLostPilots();
    const failures: string[] = [];
    for (const { ref } of records) {
      const record = this.records.get(ref);
      if (record === undefined || record.cancelledAtMs !== null || isFinalPilotStatus(this.statusOf(record))) {
        continue;
      }
      try {
        this.terminate(record);
        this.records.set(ref, { ...record, cancelledAtMs: this.options.clock.now() });
      } catch (error) {
        // Not marked cancelled, so that a later cancel tries again.
        failures.push(`${ref}: ${String(error)}`);
      }
    }
    await this.persist();
    if (failures.length > 0) {
      throw new CeException(CeErrorCode.CancelFailed, `Could not signal ${failures.length} pilot(s): ${failures.join('; ')}`, { failures });
    }
  }

  async pilotOutput(pilotRef: string): Promise<PilotOutput> {
    this.assertOpen();
    const record = this.knownRecord(pilotRef);
    const dir = join(this.options.workDir, record.id);
    try {
      const [stdout, stderr] = await Promise.all([
        readFileTail(join(dir, 'pilot.out'), this.options.outputTailBytes),
        readFileTail(join(dir, 'pilot.err'), this.options.outputTailBytes),
      ]);
      return { stdout, stderr };
    } catch (error) {
      throw new CeException(CeErrorCode.OutputUnavailable, `Cannot read the output of ${pilotRef} in ${dir}: ${String(error)}`, {
        pilotRef,
      });
    }
  }

  /**
   * Deletes the directories and records of pilots that finished before `olderThan`; returns their refs.
   * Their refs then read `Unknown`. (DIRAC's cleaning agent does the same to old pilot outputs.)
   */
  async cleanup(olderThan: Date): Promise<string[]> {
    this.assertOpen();
    await this.noticeLostPilots();
    const removed: string[] = [];
    for (const record of [...this.records.values()]) {
      const finishedAtMs = localPilotFinishedAtMs(record);
      if (finishedAtMs === null || finishedAtMs >= olderThan.getTime() || this.children.has(record.ref)) {
        continue;
      }
      try {
        await rm(join(this.options.workDir, record.id), { recursive: true, force: true });
        this.records.delete(record.ref);
        removed.push(record.ref);
      } catch (error) {
        // Kept in the index, so the next cleanup tries again.
        this.options.logger.warn('could not delete a finished pilot directory', { ce: this.name, pilotRef: record.ref, error });
      }
    }
    if (removed.length > 0) {
      await this.persist();
    }
    return removed;
  }

  /**
   * Stops every pilot this instance started: SIGTERM to each process group, SIGKILL to the groups still
   * there after `killGraceMs`. Their status becomes `Aborted`. Pilots inherited from an earlier run are
   * left alone: they are not our children and their pids may no longer be theirs.
   */
  close(): Promise<void> {
    this.closing ??= this.stopEverything();
    return this.closing;
  }

  private async stopEverything(): Promise<void> {
    this.state = 'closing';
    // Pending SIGKILL timers of earlier cancels stay armed: an inherited pilot that ignores SIGTERM
    // still gets its SIGKILL (they are unref'd, so they never hold the process open).
    await this.submitting;
    const exits = () => Promise.all(this.children.values());
    for (const ref of this.children.keys()) {
      const record = this.records.get(ref);
      if (record !== undefined) {
        this.records.set(ref, { ...record, cancelledAtMs: record.cancelledAtMs ?? this.options.clock.now() });
        this.signal(record, 'SIGTERM');
      }
    }
    if (!(await waitAtMost(exits(), this.options.killGraceMs))) {
      for (const ref of this.children.keys()) {
        const record = this.records.get(ref);
        if (record !== undefined) {
          this.signal(record, 'SIGKILL');
        }
      }
      if (!(await waitAtMost(exits(), KILL_WAIT_MS))) {
        this.options.logger.warn(`${this.children.size} pilot(s) did not exit after SIGKILL`, { ce: this.name });
      }
    }
    await this.persist();
    this.state = 'closed';
    await this.lock.release();
  }

  private async submit(request: SubmitPilotsRequest): Promise<SubmittedPilot[]> {
    this.assertOpen();
    await this.noticeLostPilots();
    const active = [...this.records.values()].filter((record) => !isFinalPilotStatus(this.statusOf(record))).length;
    const free = this.options.maxPilots - active;
    if (request.count > free) {
      throw new CeException(
        CeErrorCode.CapacityExceeded,
        `${this.name} has room for ${free} more pilot(s) (${active} of ${this.options.maxPilots} active); asked for ${request.count}.`,
        { free, active, maxPilots: this.options.maxPilots },
      );
    }
    if (request.count === 0) {
      return [];
    }
    const launch = request.pilotCommand;
    try {
      await access(launch.script, constants.R_OK);
    } catch (error) {
      throw new CeException(
        CeErrorCode.SubmitFailed,
        `The pilot script ${launch.script} cannot be read (${String(error)}); build the pilot or fix its path.`,
      );
    }
    const submitted: SubmittedPilot[] = [];
    for (let i = 0; i < request.count; i++) {
      try {
        submitted.push(await this.startPilot(launch));
      } catch (error) {
        if (submitted.length === 0) {
          throw new CeException(CeErrorCode.SubmitFailed, `Could not start ${launch.executable} ${launch.script}: ${String(error)}`, {
            executable: launch.executable,
          });
        }
        // Some run already: report them, so they are tracked, rather than an error that hides them.
        this.options.logger.warn(`started only ${submitted.length} of ${request.count} pilots`, { ce: this.name, error });
        break;
      }
    }
    await this.persist();
    return submitted;
  }

  private async startPilot(launch: PilotLaunch): Promise<SubmittedPilot> {
    const id = randomUUID();
    const ref = formatPilotRef('local', this.name, id);
    const dir = join(this.options.workDir, id);
    await mkdir(dir);
    const submittedAtMs = this.options.clock.now();
    let spawned;
    try {
      spawned = await this.options.spawner.spawn({
        executable: launch.executable,
        args: [launch.script, ...launch.args],
        env: { ...this.options.baseEnv, ...launch.env, [PILOT_REF_ENV]: ref },
        cwd: dir,
        stdoutPath: join(dir, 'pilot.out'),
        stderrPath: join(dir, 'pilot.err'),
      });
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    this.records.set(ref, { id, ref, pid: spawned.pid, submittedAtMs, exit: null, cancelledAtMs: null, lostAtMs: null });
    this.children.set(
      ref,
      spawned.exit.then((exit) => this.recordExit(ref, exit)),
    );
    return { pilotRef: ref, batchId: String(spawned.pid), submittedAt: new Date(submittedAtMs) };
  }

  private async recordExit(ref: string, exit: ProcessExit): Promise<void> {
    const record = this.records.get(ref);
    const timer = this.killTimers.get(ref);
    clearTimeout(timer);
    this.killTimers.delete(ref);
    if (record !== undefined) {
      this.records.set(ref, { ...record, exit: { code: exit.code, signal: exit.signal, atMs: this.options.clock.now() } });
      // What the pilot started and left behind in its group dies with it, as a batch system cleans up
      // after a job. While members remain the kernel does not hand the group's id to a new process;
      // when none remain the signal finds no group (the id was freed an instant ago).
      this.signal(record, 'SIGKILL');
    }
    this.children.delete(ref);
    if (this.state !== 'closed') {
      await this.persist();
    }
  }

  /** SIGTERM now; SIGKILL to whatever of the group is left after the grace. */
  private terminate(record: LocalPilotRecord): void {
    this.options.spawner.signalGroup(record.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      this.killTimers.delete(record.ref);
      this.signal(record, 'SIGKILL');
    }, this.options.killGraceMs);
    // close() does its own killing; this timer must not keep the process alive by itself.
    timer.unref();
    this.killTimers.set(record.ref, timer);
  }

  /** A signal whose failure cannot be reported to a caller: logged. */
  private signal(record: LocalPilotRecord, signal: NodeJS.Signals): void {
    try {
      this.options.spawner.signalGroup(record.pid, signal);
    } catch (error) {
      this.options.logger.warn(`could not send ${signal} to the pilot's process group ${record.pid}`, {
        ce: this.name,
        pilotRef: record.ref,
        error,
      });
    }
  }

  private statusOf(record: LocalPilotRecord): PilotStatus {
    return localPilotStatus(record, this.children.has(record.ref));
  }

  /** Inherited pilots whose process is gone with no exit recorded become `Aborted` (lost). */
  private async noticeLostPilots(): Promise<void> {
    let changed = false;
    for (const record of this.records.values()) {
      if (record.exit === null && record.lostAtMs === null && !this.children.has(record.ref) && !this.options.spawner.isAlive(record.pid)) {
        this.records.set(record.ref, { ...record, lostAtMs: this.options.clock.now() });
        changed = true;
      }
    }
    if (changed) {
      await this.persist();
    }
  }

  private get identity(): DriverIdentity {
    return { kind: this.kind, name: this.name, label: 'Local CE' };
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

  private knownRecord(pilotRef: string): LocalPilotRecord {
    return requireKnownPilot(this.identity, this.records, pilotRef);
  }
}
