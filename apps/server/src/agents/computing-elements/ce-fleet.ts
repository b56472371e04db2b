import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { CeLogger, ComputingElement } from '@majorana/ce';
import { ServerConfig } from '../../config/server-config.js';
import { CeRegistry } from '../ce-registry/ce-registry.js';
import type { CeDeclaration } from './ce-declaration.js';
import { createComputingElement, type ComputingElementDeps } from './create-computing-element.js';

/** Injection token of the driver factory (specs give a fake one). */
export const CE_FACTORY = Symbol('CE_FACTORY');
export type CeFactory = (declaration: CeDeclaration, deps: ComputingElementDeps) => Promise<ComputingElement>;

/** One declared CE and its open driver. */
export interface FleetEntry {
  readonly declaration: CeDeclaration;
  readonly ce: ComputingElement;
}

/**
 * The drivers of the declared computing elements, opened in this agents process and kept in step with
 * the declarations: a new declaration opens its driver, a changed one reopens it, a removed one closes
 * it (a Local CE's pilots stop with it; batch pilots keep running and end on their own). A driver that
 * fails to open is logged and retried at the next sync; the other CEs carry on.
 */
@Injectable()
export class CeFleet {
  private readonly logger = new Logger('computing-elements');
  private readonly open = new Map<string, { json: string; entry: FleetEntry; unregister: () => void }>();
  private factory: CeFactory;
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly registry: CeRegistry,
    @Optional() @Inject(CE_FACTORY) factory?: CeFactory,
    @Optional() private readonly config?: ServerConfig,
  ) {
    this.factory = factory ?? createComputingElement;
  }

  /**
   * Opens CEs with `factory` from now on (an embedder's own drivers; the end-to-end tests' counting
   * fake). Call it before the first cycle: drivers already open are kept.
   */
  useFactory(factory: CeFactory): void {
    this.factory = factory;
  }

  /**
   * Opens, reopens and closes drivers to match `declarations`; returns the open ones, by name. Calls
   * run one after the other: the site director and the pilot status agent sync from their own cycles,
   * and two concurrent syncs would each open the same new CE.
   */
  sync(declarations: readonly CeDeclaration[]): Promise<FleetEntry[]> {
    const run = this.syncing.then(() => this.syncNow(declarations));
    this.syncing = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async syncNow(declarations: readonly CeDeclaration[]): Promise<FleetEntry[]> {
    const wanted = new Map(declarations.map((declaration) => [declaration.name, declaration]));
    for (const [name, held] of [...this.open]) {
      const declaration = wanted.get(name);
      if (declaration === undefined || JSON.stringify(declaration) !== held.json) {
        await this.closeOne(name, declaration === undefined ? 'no longer declared' : 'declaration changed');
      }
    }
    for (const declaration of declarations) {
      if (!this.open.has(declaration.name)) {
        await this.openOne(declaration);
      }
    }
    return [...this.open.values()].map((held) => held.entry).sort((a, b) => a.declaration.name.localeCompare(b.declaration.name));
  }

  /** Closes every driver (at shutdown). */
  async closeAll(): Promise<void> {
    await this.syncing;
    for (const name of [...this.open.keys()]) {
      await this.closeOne(name, 'agents stopping');
    }
  }

  private async openOne(declaration: CeDeclaration): Promise<void> {
    try {
      const stateDir = join(this.config?.home ?? tmpdir(), 'ce', declaration.name);
      const ce = await this.factory(declaration, { logger: this.ceLogger(declaration.name), stateDir });
      let unregister: () => void;
      try {
        unregister = this.registry.register(ce);
      } catch (error) {
        await ce.close().catch(() => undefined); // never leave a driver open that nobody holds
        throw error;
      }
      this.open.set(declaration.name, { json: JSON.stringify(declaration), entry: { declaration, ce }, unregister });
      this.logger.log(`computing element ${declaration.name} open (${declaration.type} at ${declaration.site}, ${declaration.workDir})`);
    } catch (error) {
      this.logger.warn(`computing element ${declaration.name} could not be opened, retried next cycle: ${(error as Error).message}`);
    }
  }

  private async closeOne(name: string, why: string): Promise<void> {
    const held = this.open.get(name);
    if (held === undefined) {
      return;
    }
    this.open.delete(name);
    held.unregister();
    try {
      await held.entry.ce.close();
    } catch (error) {
      this.logger.warn(`computing element ${name} did not close cleanly: ${(error as Error).message}`);
    }
    this.logger.log(`computing element ${name} closed (${why})`);
  }

  private ceLogger(name: string): CeLogger {
    return {
      warn: (message, fields) => {
        const error = fields.error instanceof Error ? `: ${fields.error.message}` : '';
        this.logger.warn(`${name}: ${fields.pilotRef === undefined ? '' : `${fields.pilotRef}: `}${message}${error}`);
      },
    };
  }
}
