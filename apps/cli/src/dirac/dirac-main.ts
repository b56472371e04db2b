import { processCliIo } from '../cli-io.js';
import { runDiracCommand, type DiracCommand } from './dirac-command.js';

/**
 * Every DIRAC-compatible command, loaded only when called: each bin file imports this and names
 * itself, so a command pays for its own code and nothing else (a status answers in well under 300 ms).
 */
const COMMANDS: Readonly<Record<string, () => Promise<DiracCommand>>> = {
  'dirac-wms-job-submit': async () => (await import('./commands/job-submit.js')).jobSubmit,
  'dirac-wms-job-status': async () => (await import('./commands/job-status.js')).jobStatus,
  'dirac-wms-job-get-output': async () => (await import('./commands/job-get-output.js')).jobGetOutput,
  'dirac-wms-job-kill': async () => (await import('./commands/job-actions.js')).jobKill,
  'dirac-wms-job-delete': async () => (await import('./commands/job-actions.js')).jobDelete,
  'dirac-wms-job-reschedule': async () => (await import('./commands/job-actions.js')).jobReschedule,
  'dirac-wms-job-logging-info': async () => (await import('./commands/job-logging-info.js')).jobLoggingInfo,
  'dirac-wms-job-peek': async () => (await import('./commands/job-peek.js')).jobPeek,
  'dirac-wms-job-parameters': async () => (await import('./commands/job-parameters.js')).jobParameters,
  'dirac-wms-job-attributes': async () => (await import('./commands/job-attributes.js')).jobAttributes,
  'dirac-wms-job-get-jdl': async () => (await import('./commands/job-get-jdl.js')).jobGetJdl,
  'dirac-wms-select-jobs': async () => (await import('./commands/select-jobs.js')).selectJobs,
  'dirac-admin-ban-site': async () => (await import('./commands/site-mask.js')).banSite,
  'dirac-admin-allow-site': async () => (await import('./commands/site-mask.js')).allowSite,
  'dirac-admin-get-site-mask': async () => (await import('./commands/site-mask.js')).getSiteMask,
  'dirac-admin-get-pilot-output': async () => (await import('./commands/pilot-output.js')).getPilotOutput,
  'dirac-admin-get-job-pilots': async () => (await import('./commands/job-pilots.js')).getJobPilots,
  'dirac-proxy-info': async () => (await import('./commands/proxy-info.js')).proxyInfo,
};

export const DIRAC_COMMAND_NAMES = Object.keys(COMMANDS);

export async function loadDiracCommand(name: string): Promise<DiracCommand> {
  const load = COMMANDS[name];
  if (load === undefined) {
    throw new Error(`no DIRAC command ${name}; there are ${DIRAC_COMMAND_NAMES.join(', ')}`);
  }
  return load();
}

/** The body of every bin file: run the named command on this process's arguments and set the exit code. */
export async function diracMain(name: string): Promise<void> {
  process.exitCode = await runDiracCommand(await loadDiracCommand(name), process.argv.slice(2), processCliIo);
}
