import type { JobPilot } from '@majorana/client';
import { parseJobIds } from '../../common/parse-job-ids.js';
import type { DiracCommand } from '../dirac-command.js';
import { diracTime } from '../format/dirac-formats.js';
import { pythonRepr, type PythonValue } from '../format/python-repr.js';

/** A pilot as DIRAC's getJobPilots shows it, with its PilotAgentsDB field names. */
export function diracPilotInfo(pilot: JobPilot, jobId: number): Record<string, PythonValue> {
  return {
    PilotJobReference: pilot.pilotRef,
    Status: pilot.status,
    DestinationSite: pilot.ce,
    GridSite: pilot.site,
    GridType: pilot.ce.split(':')[0] ?? '',
    Jobs: [jobId],
    SubmissionTime: diracTime(pilot.submittedAt),
    LastUpdateTime: diracTime(pilot.lastContact),
    StatusReason: pilot.endReason,
    OwnerDN: pilot.subject,
  };
}

/** dirac-admin-get-job-pilots JobID…: `{PilotReference: {'Status': …, 'DestinationSite': …, …}}` per job. */
export const getJobPilots: DiracCommand = {
  spec: {
    name: 'dirac-admin-get-job-pilots',
    description: 'Retrieve info about pilots that have matched a given Job',
    usage: 'JobID ...',
    options: [],
    arguments: [['JobID', 'DIRAC ID of the Job']],
    minPositionals: 1,
  },
  async run(context) {
    await context.forEach(
      parseJobIds(context.args.positionals),
      async (jobId) => {
        const pilots = await context.client.jobPilots(jobId);
        context.print(pythonRepr(Object.fromEntries(pilots.map((pilot) => [pilot.pilotRef, diracPilotInfo(pilot, jobId)]))));
      },
      // DIRAC's own wording for this command.
      (jobId) => `for ${jobId}`,
    );
  },
};
