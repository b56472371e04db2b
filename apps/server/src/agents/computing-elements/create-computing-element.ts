import {
  ChildProcessSpawner,
  LocalCommandRunner,
  LocalComputingElement,
  SlurmComputingElement,
  SshCommandRunner,
  SshComputingElement,
  type CeLogger,
  type ComputingElement,
  type ProcessSpawner,
  type SshConnectionOptions,
} from '@majorana/ce';
import { PilotRefArgSpawner } from '../local/pilot-ref-arg.spawner.js';
import type { CeDeclaration } from './ce-declaration.js';

/** What the drivers need beside the declaration. */
export interface ComputingElementDeps {
  readonly logger: CeLogger;
  /** A folder of this machine for the CE's own state (the SSH driver's pilot index): $MAJORANA_HOME/ce/<name>. */
  readonly stateDir: string;
  /** How a local CE starts its pilots. @default child processes of this one */
  readonly spawner?: ProcessSpawner;
}

/** Minutes of `sbatch --time` beyond the pilot's own --max-time. */
const SLURM_TIME_MARGIN_MINUTES = 5;

/** A declared CE whose driver this build does not have. */
export class UnsupportedComputingElementError extends Error {
  override readonly name = 'UnsupportedComputingElementError';
}

/**
 * Opens the driver a declaration asks for: Local (pilots as child processes of the agents process),
 * SSH (pilots started on a host over SSH; `workDir` is on that host, the pilot bundle is shipped there)
 * or Slurm (sbatch/squeue/scancel on this machine, or on a login node over SSH when the declaration has
 * a connection; `workDir` is on the cluster's shared file system, the bundle is copied there).
 */
export async function createComputingElement(declaration: CeDeclaration, deps: ComputingElementDeps): Promise<ComputingElement> {
  switch (declaration.type) {
    case 'local':
      return LocalComputingElement.open({
        name: declaration.name,
        site: declaration.site,
        workDir: declaration.workDir,
        maxPilots: declaration.limits.maxPilots,
        slotsPerPilot: declaration.pilot.slots,
        spawner: new PilotRefArgSpawner(deps.spawner ?? new ChildProcessSpawner()),
        logger: deps.logger,
      });
    case 'ssh': {
      const connection = declaration.connection;
      if (connection === undefined) {
        throw new UnsupportedComputingElementError(`computing element ${declaration.name} is of type ssh but has no connection`);
      }
      return SshComputingElement.open({
        name: declaration.name,
        site: declaration.site,
        workDir: deps.stateDir,
        connection: sshConnection(connection),
        remoteWorkDir: declaration.workDir,
        ...(declaration.pilot.nodePath === undefined ? {} : { remoteNodePath: declaration.pilot.nodePath }),
        shipPilot: true,
        maxPilots: declaration.limits.maxPilots,
        slotsPerPilot: declaration.pilot.slots,
        logger: deps.logger,
      });
    }
    case 'slurm': {
      const connection = declaration.connection;
      return SlurmComputingElement.open({
        name: declaration.name,
        site: declaration.site,
        workDir: declaration.workDir,
        ...(declaration.slurm === undefined
          ? {}
          : { partition: declaration.slurm.partition, extraSbatchArgs: declaration.slurm.sbatchArgs }),
        // Slurm must not kill a pilot before it leaves by itself at --max-time.
        timeLimitMinutes: Math.ceil(declaration.pilot.maxTimeS / 60) + SLURM_TIME_MARGIN_MINUTES,
        maxPilots: declaration.limits.maxPilots,
        slotsPerPilot: declaration.pilot.slots,
        // The agents' pilot bundle is copied into the shared work directory, which the worker nodes see.
        shipPilotScript: true,
        runner: connection === undefined ? new LocalCommandRunner() : new SshCommandRunner(sshConnection(connection)),
        logger: deps.logger,
      });
    }
  }
}

function sshConnection(connection: NonNullable<CeDeclaration['connection']>): SshConnectionOptions {
  return {
    host: connection.host,
    port: connection.port,
    user: connection.user,
    identityFile: connection.keyFile,
    ...(connection.knownHostsFile === undefined ? {} : { knownHostsFile: connection.knownHostsFile }),
  };
}
