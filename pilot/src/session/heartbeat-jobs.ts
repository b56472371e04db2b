import {
  encodeMessage,
  MAX_FRAME_BYTES,
  MAX_JOBS_PER_FRAME,
  MAX_STDOUT_TAIL_LENGTH,
  utf8ByteLengthExceeds,
  type HeartbeatMessage,
  type JobUsage,
} from '@majorana/protocol';

/**
 * Fits a heartbeat in one frame. Each job may bring up to 16 KiB of stdout, so a node with many jobs
 * would go over the 256 KiB frame limit and have every heartbeat refused: the tails are cut shorter
 * (halving) until the frame fits. The newest output is kept, it is what a user peeks at.
 */
export function fitHeartbeat(heartbeat: HeartbeatMessage): HeartbeatMessage {
  // More jobs than a frame may list cannot happen with MAX_PROCESSORS slots of at least one processor
  // each in practice; cutting the list keeps the frame valid if it ever does.
  let fitted: HeartbeatMessage = {
    ...heartbeat,
    jobs: heartbeat.jobs.slice(0, MAX_JOBS_PER_FRAME).map((job) => withTail(job, MAX_STDOUT_TAIL_LENGTH)),
  };
  let limit = MAX_STDOUT_TAIL_LENGTH;
  while (limit > 0 && utf8ByteLengthExceeds(encodeMessage(fitted), MAX_FRAME_BYTES)) {
    limit = Math.floor(limit / 2);
    fitted = { ...fitted, jobs: fitted.jobs.map((job) => withTail(job, limit)) };
  }
  return fitted;
}

function withTail(job: JobUsage, limit: number): JobUsage {
  return job.stdoutTail.length <= limit ? job : { ...job, stdoutTail: limit === 0 ? '' : job.stdoutTail.slice(-limit) };
}
