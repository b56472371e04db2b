import { Injectable } from '@nestjs/common';
import { parsePilotRef, type ComputingElement } from '@majorana/ce';

/**
 * The computing elements this process drives, by name: who to ask about a pilot (its output, later
 * its cancellation). A pilot ref names its CE (`local://local/…`), so the owner is found without the
 * database. Empty on a server replica that runs no agents.
 */
@Injectable()
export class CeRegistry {
  private readonly byName = new Map<string, ComputingElement>();

  /** Adds a CE; returns the removal. A second CE of the same name is a configuration mistake. */
  register(ce: ComputingElement): () => void {
    if (this.byName.has(ce.name)) {
      throw new Error(`a computing element named ${ce.name} is already registered: CE names must be unique`);
    }
    this.byName.set(ce.name, ce);
    return () => {
      if (this.byName.get(ce.name) === ce) {
        this.byName.delete(ce.name);
      }
    };
  }

  get(name: string): ComputingElement | undefined {
    return this.byName.get(name);
  }

  /** The CE that issued `pilotRef`, if this process drives it. */
  ownerOf(pilotRef: string): ComputingElement | undefined {
    const parts = parsePilotRef(pilotRef);
    const ce = parts === null ? undefined : this.byName.get(parts.ce);
    return ce !== undefined && ce.kind === parts?.kind ? ce : undefined;
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }
}
