import type { PilotStatus } from '../pilot-status.js';

/**
 * Slurm job states (`squeue -o %T`, 22.05 and later) as pilot statuses. A pilot is submitted with
 * `--no-requeue`, so a requeue means someone else moved it: that is `Unknown` rather than a step
 * back to `Waiting`, which the transition table forbids.
 *
 * | Slurm                                                                           | pilot     |
 * |---------------------------------------------------------------------------------|-----------|
 * | PENDING, CONFIGURING, POWER_UP_NODE, RESV_DEL_HOLD                              | Waiting   |
 * | RUNNING, COMPLETING, SUSPENDED, STOPPED, RESIZING, SIGNALING, STAGE_OUT         | Running   |
 * | COMPLETED                                                                       | Done      |
 * | FAILED, TIMEOUT, OUT_OF_MEMORY, DEADLINE, SPECIAL_EXIT                          | Failed    |
 * | CANCELLED, PREEMPTED, NODE_FAIL, BOOT_FAIL, REVOKED                             | Aborted   |
 * | REQUEUED, REQUEUE_FED, REQUEUE_HOLD, LAUNCH_FAILED, anything new                | Unknown   |
 *
 * COMPLETING is still `Running`: the batch script has ended but Slurm is still cleaning up its
 * processes, and the final state follows. NODE_FAIL and BOOT_FAIL are `Aborted` (lost with no exit of
 * the pilot's own); TIMEOUT is `Failed` (the pilot outstayed the CE's time limit).
 */
const SLURM_STATES: Readonly<Record<string, PilotStatus>> = {
  PENDING: 'Waiting',
  CONFIGURING: 'Waiting',
  POWER_UP_NODE: 'Waiting',
  RESV_DEL_HOLD: 'Waiting',
  RUNNING: 'Running',
  COMPLETING: 'Running',
  SUSPENDED: 'Running',
  STOPPED: 'Running',
  RESIZING: 'Running',
  SIGNALING: 'Running',
  STAGE_OUT: 'Running',
  COMPLETED: 'Done',
  FAILED: 'Failed',
  TIMEOUT: 'Failed',
  OUT_OF_MEMORY: 'Failed',
  DEADLINE: 'Failed',
  SPECIAL_EXIT: 'Failed',
  CANCELLED: 'Aborted',
  PREEMPTED: 'Aborted',
  NODE_FAIL: 'Aborted',
  BOOT_FAIL: 'Aborted',
  REVOKED: 'Aborted',
};

export function slurmStateToPilotStatus(state: string): PilotStatus {
  // `scontrol` and `sacct` may add a reason ("CANCELLED by 0"); squeue's %T does not, but be lenient.
  const name = state.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
  return Object.hasOwn(SLURM_STATES, name) ? SLURM_STATES[name]! : 'Unknown';
}

/**
 * A pilot's status from the exit code its batch script recorded (`<jobid>.exit`), for a job Slurm
 * no longer lists. No record means the script never got to write it: killed (cancel, node loss,
 * time limit) — lost with no recorded exit, which is `Aborted`.
 */
export function exitRecordToPilotStatus(exitCode: number | null): PilotStatus {
  if (exitCode === null) {
    return 'Aborted';
  }
  return exitCode === 0 ? 'Done' : 'Failed';
}
