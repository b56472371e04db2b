import { JobStatus } from '../jobs/job-status.js';
import type { ExplainCheck } from './explain-check.js';

/** What each state means for a user waiting for the job to run. */
const STATUS_MEANINGS: Readonly<Record<JobStatus, string>> = {
  [JobStatus.Received]: 'The job was received and waits for the optimizers; it joins a task queue once they have checked it.',
  [JobStatus.Checking]: 'The optimizers are checking the job (sanity, site mask, scheduling); it joins a task queue when they finish.',
  [JobStatus.Waiting]: 'The job is Waiting in its task queue for a pilot to take it.',
  [JobStatus.Matched]: 'A pilot has taken the job; it starts Running once the pilot has its input sandbox.',
  [JobStatus.Running]: 'The job is running on a worker node.',
  [JobStatus.Completing]: 'The job has run; its pilot is uploading the output sandbox.',
  [JobStatus.Completed]: 'The job has run and is being finalised.',
  [JobStatus.Done]: 'The job has finished successfully; fetch its output sandbox.',
  [JobStatus.Failed]: 'The job failed (see its minor status); reschedule it to run it again.',
  [JobStatus.Stalled]: 'The pilot running the job stopped reporting; the job is rescheduled or failed if it does not come back.',
  [JobStatus.Killed]: 'The job was killed; reschedule it to run it again.',
  [JobStatus.Deleted]: 'The job was deleted and will not run.',
  [JobStatus.Rescheduled]: 'The job was rescheduled; it goes back through the optimizers before it waits again.',
};

/** Only a Waiting job is waiting for a pilot: for any other state the answer is what that state means. */
export function statusCheck(status: JobStatus): ExplainCheck {
  return { name: 'status', passed: status === JobStatus.Waiting, detail: STATUS_MEANINGS[status] };
}
