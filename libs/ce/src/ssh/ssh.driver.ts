import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import {
  type CeCapacity,
  type ComputingElement,
  type PilotLaunch,
  type PilotOutput,
  type SubmitPilotsRequest,
  type SubmittedPilot,
} from '../computing-element.js';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { ChildProcessSpawner } from '../local/child-process.spawner.js';
import { WorkDirLock } from '../local/work-dir-lock.js';
import { requireKnownPilot, requireOpen, requireOwnPilotRefs, type DriverIdentity } from '../driver-support/driver-guards.js';
import { SerialIndexWriter } from '../driver-support/serial-index-writer.js';
import { formatPilotRef } from '../pilot-ref.js';
import { type PilotStatus } from '../pilot-status.js';
import { validateSubmitRequest } from '../validate-submit-request.js';
import { PilotShipper } from './pilot-shipper.js';
import { type ResolvedSshCeOptions, resolveSshCeOptions, type SshCeOptions } from './ssh-ce-options.js';
import { SSH_PILOT_INDEX_FILE, SshPilotIndexFile } from './ssh-pilot-index.file.js';
import { applySshPilotReport, type SshPilotRecord, sshPilotStatus } from './ssh-pilot-record.js';
import { parseSshPilotReports, type ParsedSshPilotReports } from './ssh-pilot-report.js';
import {
  CANCEL_PILOTS_SCRIPT,
  LAUNCH_PILOTS_SCRIPT,
  PILOT_OUTPUT_SCRIPT,
  PILOT_STATUS_SCRIPT,
  PILOT_WRAPPER_SCRIPT,
  pilotEnvScript,
} from './ssh-pilot-scripts.js';

/**
 * Starts pilots as detached processes on one remote host over SSH: DIRAC's SSHComputingElement.
 * Each pilot runs under a small wrapper in its own session (ssh-pilot-scripts.ts), in
 * `<remoteWorkDir>/<uuid>/`, where its pid, stdout, stderr and exit status stay. Every operation is
 * ONE remote call whatever the number of pilots (a round trip costs ~0.3 s). The pilots this instance
 * started are listed in `<workDir>/ssh-pilots.json`, so a restarted agent still answers for them.
 * One instance per work directory (a lock file enforces it).
 *
 * close() leaves the pilots running: the remote host is a batch resource, not our child.
 */
export class SshComputingElement implements ComputingElement {
  readonly kind = 'ssh' as const;
  readonly name: string;
  readonly site: string;

  /** Every pilot we know, by ref, in submission order. */
  private readonly records = new Map<string, SshPilotRecord>();
  private readonly shipper: PilotShipper;
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
    private readonly options: ResolvedSshCeOptions,
    private readonly index: SshPilotIndexFile,
    private readonly lock: WorkDirLock,
    records: readonly SshPilotRecord[],
  ) {
    this.name = options.name;
    this.site = options.site;
    this.shipper = new PilotShipper(options.runner, options.remoteWorkDir);
    for (const record of records) {
      this.records.set(record.ref, record);
    }
  }

  /** Opens (creating if needed) the local work directory and reads back the pilots of earlier runs. Connects lazily. */
  static async open(options: SshCeOptions): Promise<SshComputingElement> {
    const resolved = resolveSshCeOptions(options);
    try {
      await mkdir(resolved.workDir, { recursive: true });
      const localProcesses = new ChildProcessSpawner();
      const lock = await WorkDirLock.acquire(resolved.workDir, (pid) => localProcesses.isAlive(pid), 'CE');
      try {
        const index = new SshPilotIndexFile(join(resolved.workDir, SSH_PILOT_INDEX_FILE), resolved.name, resolved.remote);
        return new SshComputingElement(resolved, index, lock, await index.read());
      } catch (error) {
        await lock.release();
        throw error;
      }
    } catch (error) {
      await resolved.runner.close();
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
    await this.refresh(pilotRefs.flatMap((ref) => this.records.get(ref) ?? []));
    const statuses = new Map<string, PilotStatus>();
    for (const ref of pilotRefs) {
      const record = this.records.get(ref);
      // Ours by its shape but not in the index: never submitted here, or the index was moved away.
      statuses.set(ref, record === undefined ? 'Unknown' : sshPilotStatus(record));
    }
    return statuses;
  }

  async cancelPilots(pilotRefs: readonly string[]): Promise<void> {
    this.assertOpen();
    const targets = pilotRefs.map((ref) => this.knownRecord(ref)).filter((record) => record.end === null && record.cancelledAtMs === null);
    if (targets.length === 0) {
      return;
    }
    const graceSeconds = (this.options.killGraceMs / 1_000).toFixed(3);
    const result = await this.options.runner.run([
      'sh',
      '-c',
      CANCEL_PILOTS_SCRIPT,
      'majorana-cancel',
      this.options.remoteWorkDir,
      graceSeconds,
      ...unique(targets.map((record) => record.id)),
    ]);
    const reports = parseSshPilotReports(result.stdout);
    // Only what the cancel itself establishes: a pilot that ended before it, or one it signalled. A
    // pilot found gone may be its wrapper's instant between the pilot's end and the exit file: the
    // next status poll tells.
    const conclusive = new Map([...reports.byId].filter(([, report]) => report.kind === 'exited' || report.kind === 'signalled'));
    const notReached = this.apply(targets, { ...reports, byId: conclusive }).filter(
      (record) => record.end === null && record.cancelledAtMs === null,
    );
    await this.persist();
    if (result.exitCode !== 0 || notReached.some((record) => !reports.byId.has(record.id))) {
      throw new CeException(
        CeErrorCode.CancelFailed,
        `Could not signal ${notReached.length} pilot(s) on ${this.options.runner.description} (exit ${String(result.exitCode)}): ` +
          `${result.stderr.trim() || 'no answer for them'}. Cancel again later.`,
        { pilotRefs: notReached.map((record) => record.ref) },
      );
    }
  }

  async pilotOutput(pilotRef: string): Promise<PilotOutput> {
    this.assertOpen();
    const record = this.knownRecord(pilotRef);
    const dir = posix.join(this.options.remoteWorkDir, record.id);
    const boundary = `--majorana-${randomBytes(16).toString('hex')}--`;
    const result = await this.options.runner.run([
      'sh',
      '-c',
      PILOT_OUTPUT_SCRIPT,
      'majorana-output',
      dir,
      String(this.options.outputTailBytes),
      boundary,
    ]);
    const cut = result.stdout.indexOf(`\n${boundary}\n`);
    if (result.exitCode !== 0 || cut < 0) {
      throw new CeException(
        CeErrorCode.OutputUnavailable,
        `Cannot read the output of ${pilotRef} in ${dir} on ${this.options.runner.description} (exit ${String(result.exitCode)}): ` +
          `${result.stderr.trim() || 'no answer'}.`,
        { pilotRef },
      );
    }
    return {
      stdout: dropCutCharacter(result.stdout.slice(0, cut)),
      stderr: dropCutCharacter(result.stdout.slice(cut + boundary.length + 2)),
    };
  }

  /**
   * Forgets what this instance holds: the SSH connection and the lock. The pilots keep running on the
   * remote host; a new instance on the same work directory answers for them.
   */
  close(): Promise<void> {
    this.closing ??= this.release();
    return this.closing;
  }

  private async release(): Promise<void> {
    this.state = 'closing';
    await this.submitting;
    await this.indexWriter.settled();
    try {
      await this.options.runner.close();
    } finally {
      this.state = 'closed';
      await this.lock.release();
    }
  }

  private async submit(request: SubmitPilotsRequest): Promise<SubmittedPilot[]> {
    this.assertOpen();
    let active = this.activeCount();
    if (request.count > this.options.maxPilots - active) {
      // Pilots may have ended since the last poll: look before refusing.
      await this.refresh([...this.records.values()]);
      active = this.activeCount();
    }
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
    const script = this.options.shipPilot ? await this.shipper.ship(launch.script) : launch.script;
    const ids = Array.from({ length: request.count }, () => randomUUID());
    const submittedAtMs = this.options.clock.now();
    const env = pilotEnvScript({ ...this.options.baseEnv, ...launch.env });
    const result = await this.options.runner.run(this.launchCommand(launch, script, ids), { stdin: env });
    const reports = parseSshPilotReports(result.stdout);
    const submitted: SubmittedPilot[] = [];
    const failures: string[] = [...reports.errors];
    for (const id of ids) {
      const report = reports.byId.get(id);
      if (report?.kind === 'started') {
        const ref = formatPilotRef('ssh', this.name, id);
        this.records.set(ref, { id, ref, pid: report.pid, submittedAtMs, cancelledAtMs: null, end: null });
        submitted.push({ pilotRef: ref, batchId: String(report.pid), submittedAt: new Date(submittedAtMs) });
      } else if (report?.kind === 'failed') {
        failures.push(report.reason);
      }
    }
    await this.persist();
    if (submitted.length === 0) {
      const why = failures[0] ?? (result.stderr.trim() || `the launcher exited ${String(result.exitCode)} and started nothing`);
      throw new CeException(
        CeErrorCode.SubmitFailed,
        `Could not start pilots on ${this.options.runner.description}: ${why}. Check remoteNodePath, remoteWorkDir and the remote host.`,
        { failures },
      );
    }
    if (submitted.length < request.count) {
      // Some run already: report them, so they are tracked, rather than an error that hides them.
      this.options.logger.warn(`started only ${submitted.length} of ${request.count} pilots: ${failures.join('; ')}`, { ce: this.name });
    }
    return submitted;
  }

  /** `sh -c LAUNCHER …`: every pilot of the batch in one remote call (the environment goes on stdin). */
  private launchCommand(launch: PilotLaunch, script: string, ids: readonly string[]): string[] {
    return [
      'sh',
      '-c',
      LAUNCH_PILOTS_SCRIPT,
      'majorana-launch',
      this.options.remoteWorkDir,
      formatPilotRef('ssh', this.name, ''),
      ids.join(' '),
      PILOT_WRAPPER_SCRIPT,
      this.options.remoteNodePath ?? launch.executable,
      script,
      ...launch.args,
    ];
  }

  /**
   * Asks the host, in one call, about those of `records` that have not ended. A failed call leaves
   * them as they were (their status is what we knew) and is logged; a refused login throws.
   */
  private async refresh(records: readonly SshPilotRecord[]): Promise<void> {
    const pending = records.filter((record) => record.end === null);
    if (pending.length === 0) {
      return;
    }
    const result = await this.options.runner.run([
      'sh',
      '-c',
      PILOT_STATUS_SCRIPT,
      'majorana-status',
      this.options.remoteWorkDir,
      ...unique(pending.map((record) => record.id)),
    ]);
    const reports = parseSshPilotReports(result.stdout);
    if (result.exitCode !== 0 || reports.unparsed.length > 0) {
      this.options.logger.warn(
        `the status query on ${this.options.runner.description} exited ${String(result.exitCode)}: ${result.stderr.trim() || reports.unparsed.join(' / ')}`,
        { ce: this.name },
      );
    }
    this.apply(pending, reports);
    await this.persist();
  }

  /** Updates the records from the reports about them; returns the updated records. */
  private apply(records: readonly SshPilotRecord[], reports: ParsedSshPilotReports): SshPilotRecord[] {
    const nowMs = this.options.clock.now();
    return records.map((record) => {
      const report = reports.byId.get(record.id);
      const updated = report === undefined ? record : applySshPilotReport(record, report, nowMs);
      this.records.set(record.ref, updated);
      return updated;
    });
  }

  private activeCount(): number {
    return [...this.records.values()].filter((record) => record.end === null).length;
  }

  private get identity(): DriverIdentity {
    return { kind: this.kind, name: this.name, label: 'SSH CE' };
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

  private knownRecord(pilotRef: string): SshPilotRecord {
    return requireKnownPilot(this.identity, this.records, pilotRef);
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** A tail cut inside a multi-byte character decodes to replacement characters at its start: drop them. */
function dropCutCharacter(text: string): string {
  return text.replace(/^\uFFFD{1,3}/, '');
}
