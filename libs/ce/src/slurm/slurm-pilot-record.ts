import type { PilotStatus } from '../pilot-status.js';

export type FinalPilotStatus = Extract<PilotStatus, 'Done' | 'Failed' | 'Aborted'>;

/** What the Slurm driver remembers of one pilot (in memory and in the work directory's index). */
export interface SlurmPilotRecord {
  /** Slurm's job id: the ref's id and the name of its files under `pilots/`. */
  readonly jobId: string;
  readonly ref: string;
  readonly submittedAtMs: number;
  /** When cancelPilots() last delivered a cancel for it. */
  readonly cancelledAtMs: number | null;
  /** The final status once seen: kept, because Slurm forgets finished jobs after MinJobAge. */
  readonly final: { readonly status: FinalPilotStatus; readonly atMs: number } | null;
}
