import type { ComputingElementKind } from './computing-element-kind.js';
import type { PilotStatus } from './pilot-status.js';

/**
 * Every driver puts the pilot's reference in this environment variable, so the pilot can announce
 * it in its `hello` (DIRAC pilots read it from the batch system's job id in the same way).
 */
export const PILOT_REF_ENV = 'MAJORANA_PILOT_REF';

/** What a site director needs to size its submissions. */
export interface CeCapacity {
  /** The most pilots this CE holds at once, queued or running. */
  readonly maxPilots: number;
  /** Job slots each pilot gets: the director passes it as the pilot's `--slots`. */
  readonly slotsPerPilot: number;
}

/**
 * How to start one pilot: `<executable> <script> <args…>` with `env` added to the driver's base
 * environment. The site director builds it (`node pilot.js --server … --token … --slots …`); the CE
 * runs it as is and adds only {@link PILOT_REF_ENV}.
 */
export interface PilotLaunch {
  /** The node binary, as the worker node sees it (absolute path). */
  readonly executable: string;
  /** The bundled pilot (pilot/dist/pilot.js), as the worker node sees it (absolute path). */
  readonly script: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

export interface SubmitPilotsRequest {
  /** How many identical pilots to start (0 starts none). */
  readonly count: number;
  readonly pilotCommand: PilotLaunch;
}

export interface SubmittedPilot {
  /** Unique across the grid: `<kind>://<ce>/<id>` (see pilot-ref.ts). */
  readonly pilotRef: string;
  /** The batch system's own handle: a pid for Local, a job id for Slurm. */
  readonly batchId: string;
  readonly submittedAt: Date;
}

/** The last part of a pilot's stdout and stderr (each capped; the Local driver keeps 1 MiB). */
export interface PilotOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * One computing element: a batch system at a site that runs pilots. DIRAC's ComputingElement
 * (submitJob, getJobStatus, killJob, getJobOutput) with pilots in place of jobs. Every call may be
 * slow (a Slurm driver runs `sbatch`/`sacct` over SSH), so all are asynchronous and all take batches.
 *
 * Every implementation passes the conformance suite in `@majorana/ce/testing`.
 */
export interface ComputingElement {
  /** The CE's name, unique on the grid (it appears in pilot refs and in the pilot's `--ce`). */
  readonly name: string;
  /** The site it belongs to (the pilot's `--site`). */
  readonly site: string;
  readonly kind: ComputingElementKind;

  capacity(): CeCapacity;

  /**
   * Starts `count` pilots. Returns fewer than asked only when some started and the next one could not
   * (the rest is logged); throws `submit-failed` when none started, `capacity-exceeded` when `count`
   * exceeds the free room, `invalid-request` for a malformed launch.
   */
  submitPilots(request: SubmitPilotsRequest): Promise<SubmittedPilot[]>;

  /**
   * The status of each pilot, in one batch (drivers poll the batch system once for all). A ref this CE
   * issued but no longer knows (cleaned up, forgotten by the batch system) is `Unknown`; a ref of
   * another CE or kind throws `unknown-pilot`.
   */
  pilotStatuses(pilotRefs: readonly string[]): Promise<Map<string, PilotStatus>>;

  /**
   * Asks the batch system to stop these pilots; a pilot already finished is left alone. Returns once the
   * request is delivered: the statuses turn `Aborted` when the pilots are really gone. Throws
   * `unknown-pilot` (before cancelling anything) if a ref is not one of this CE's known pilots.
   */
  cancelPilots(pilotRefs: readonly string[]): Promise<void>;

  /** The tails of the pilot's stdout and stderr so far. Throws `unknown-pilot` for a ref it does not know. */
  pilotOutput(pilotRef: string): Promise<PilotOutput>;

  /**
   * Releases what the driver holds. A driver whose pilots are its own processes (Local) stops them
   * all: a Local pilot must not outlive the server that started it. Drivers whose pilots live in a batch
   * system leave them running. Every later call throws `closed`.
   */
  close(): Promise<void>;
}
