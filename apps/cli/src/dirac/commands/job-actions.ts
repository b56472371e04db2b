import type { JobActionResponse, MajoranaClient } from '@majorana/client';
import type { DiracCommand, DiracContext } from '../dirac-command.js';
import { FILE_OPTION, GROUP_OPTION, selectedJobIds } from '../job-selection.js';

type Action = (client: MajoranaClient, ids: number[]) => Promise<JobActionResponse>;

/** The jobs done, then one `ERROR <id>: <reason>` per job refused (DIRAC's kill only says `ERROR <message>`; naming the job is more use). */
async function apply(context: DiracContext, ids: number[], action: Action, done: (ids: number[]) => string): Promise<void> {
  const { results } = await action(context.client, ids);
  const succeeded = results.filter((result) => result.result === 'done').map((result) => result.JobID);
  if (succeeded.length > 0) {
    context.print(done(succeeded));
  }
  for (const result of results.filter((item) => item.result !== 'done')) {
    context.fail(result.JobID, result.reason || result.result);
  }
}

/** dirac-wms-job-kill JobID…: `Killed jobs 1,2`. */
export const jobKill: DiracCommand = {
  spec: {
    name: 'dirac-wms-job-kill',
    description: 'Issue a kill signal to a running DIRAC job',
    usage: 'JobID ...',
    options: [],
    arguments: [['JobID', 'DIRAC Job ID']],
    minPositionals: 1,
  },
  async run(context) {
    const ids = await selectedJobIds(context);
    await apply(
      context,
      ids,
      (client, jobIds) => client.killJobs(jobIds),
      (killed) => `Killed jobs ${killed.join(',')}`,
    );
  },
};

/** dirac-wms-job-delete [JobID…] [-f FILE] [-g GROUP]: `Deleted jobs 1,2`. */
export const jobDelete: DiracCommand = {
  spec: {
    name: 'dirac-wms-job-delete',
    description: 'Delete DIRAC job from WMS, if running it will be killed',
    usage: 'JobID ...',
    options: [
      { ...FILE_OPTION, help: 'Get output for jobs with IDs from the file' },
      { ...GROUP_OPTION, help: 'Get output for jobs in the given group' },
    ],
    arguments: [['JobID', 'DIRAC Job ID']],
    minPositionals: 1,
    positionalsOptionalWith: ['File', 'JobGroup'],
  },
  async run(context) {
    const ids = await selectedJobIds(context);
    if (ids.length === 0) {
      context.print('Warning: no jobs selected');
      return;
    }
    await apply(
      context,
      ids,
      (client, jobIds) => client.deleteJobs(jobIds),
      (deleted) => `Deleted jobs ${deleted.join(',')}`,
    );
  },
};

/** dirac-wms-job-reschedule JobID…: `Rescheduled job 1,2` (DIRAC crashes on a failure; we print `ERROR <id>: <reason>`). */
export const jobReschedule: DiracCommand = {
  spec: {
    name: 'dirac-wms-job-reschedule',
    description: 'Reschedule the given DIRAC job',
    usage: 'JobID ...',
    options: [],
    arguments: [['JobID', 'DIRAC Job ID']],
    minPositionals: 1,
  },
  async run(context) {
    const ids = await selectedJobIds(context);
    await apply(
      context,
      ids,
      (client, jobIds) => client.rescheduleJobs(jobIds),
      (done) => `Rescheduled job ${done.join(',')}`,
    );
  },
};
