import { Injectable } from '@nestjs/common';

/** What the rest of the server may know about one pilot connected to this replica. */
export interface ConnectedPilot {
  readonly pilotRef: string;
  readonly ce: string;
  readonly site: string;
  /** True while it has a request-work parked here (an idle slot waiting for a job). */
  readonly parked: boolean;
  /** Jobs it runs now, by job id → attempt. */
  readonly jobs: ReadonlyMap<number, number>;
}

/**
 * The pilots connected to THIS replica (the database has all of them). Site directors ask it whether
 * an idle pilot already waits before submitting another; the gateway keeps it current.
 */
@Injectable()
export class PilotConnections {
  private readonly byRef = new Map<string, ConnectedPilot>();

  set(pilot: ConnectedPilot): void {
    this.byRef.set(pilot.pilotRef, pilot);
  }

  delete(pilotRef: string): void {
    this.byRef.delete(pilotRef);
  }

  get(pilotRef: string): ConnectedPilot | undefined {
    return this.byRef.get(pilotRef);
  }

  all(): IterableIterator<ConnectedPilot> {
    return this.byRef.values();
  }

  get size(): number {
    return this.byRef.size;
  }

  /** Pilots with a parked request, of one CE or of all. */
  parkedCount(ce?: string): number {
    let count = 0;
    for (const pilot of this.byRef.values()) {
      if (pilot.parked && (ce === undefined || pilot.ce === ce)) {
        count++;
      }
    }
    return count;
  }
}
