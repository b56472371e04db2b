import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { CeException, ChildProcessSpawner, LocalComputingElement, type CeLogger, type ComputingElement } from '@majorana/ce';
import { ServerConfig } from '../../config/server-config.js';
import { AgentsStartupError } from '../agents-startup.error.js';
import { CeRegistry } from '../ce-registry/ce-registry.js';
import { LOCAL_CE_NAME, LOCAL_SITE } from './local-ce-identity.js';
import { PilotRefArgSpawner } from './pilot-ref-arg.spawner.js';

/**
 * Owns the embedded Local CE: `local` at `Local.localhost`, pilots under $MAJORANA_HOME/pilots,
 * MAJORANA_LOCAL_PILOTS pilots of MAJORANA_LOCAL_SLOTS slots. Opened at start-up (not when Nest builds
 * the module: a failure there would abort the process instead of stopping start-up with a message),
 * closed at shutdown, which stops every pilot it started: no Local pilot outlives the server.
 *
 * Its agents (site director, pilot status, recovery) take no database lease: the pilots are child
 * processes of this one, which only it can start, see or stop, and the CE's lock on its work
 * directory already keeps a second process of the same $MAJORANA_HOME from opening it.
 */
@Injectable()
export class LocalCeHost {
  private readonly logger = new Logger('local-ce');
  private opened: LocalComputingElement | null = null;
  private unregister: (() => void) | null = null;

  constructor(
    private readonly config: ServerConfig,
    private readonly registry: CeRegistry,
  ) {}

  get workDir(): string {
    return join(this.config.home, 'pilots');
  }

  /** The open CE; throws before `open()` and after `close()`. */
  get ce(): ComputingElement {
    if (this.opened === null) {
      throw new Error('the Local CE is not open');
    }
    return this.opened;
  }

  async open(): Promise<ComputingElement> {
    if (this.opened !== null) {
      return this.opened;
    }
    try {
      this.opened = await LocalComputingElement.open({
        name: LOCAL_CE_NAME,
        site: LOCAL_SITE,
        workDir: this.workDir,
        maxPilots: this.config.localPilots,
        slotsPerPilot: this.config.localSlots,
        spawner: new PilotRefArgSpawner(new ChildProcessSpawner()),
        logger: this.ceLogger(),
      });
    } catch (error) {
      if (error instanceof CeException) {
        throw new AgentsStartupError(`cannot open the Local CE in ${this.workDir}: ${error.message}`);
      }
      throw error;
    }
    this.unregister = this.registry.register(this.opened);
    this.logger.log(
      `Local CE ${LOCAL_CE_NAME} open: up to ${this.config.localPilots} pilot(s) of ${this.config.localSlots} slot(s), in ${this.workDir}`,
    );
    return this.opened;
  }

  /** Stops every pilot this process started (SIGTERM, SIGKILL after the grace) and waits for them. */
  async close(): Promise<void> {
    const ce = this.opened;
    if (ce === null) {
      return;
    }
    await ce.close();
    this.unregister?.();
    this.unregister = null;
    this.opened = null;
  }

  private ceLogger(): CeLogger {
    return {
      warn: (message, fields) => {
        const error = fields.error === undefined ? '' : `: ${describeError(fields.error)}`;
        this.logger.warn(`${fields.pilotRef === undefined ? '' : `${fields.pilotRef}: `}${message}${error}`);
      },
    };
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  return typeof error === 'string' ? error : JSON.stringify(error);
}
