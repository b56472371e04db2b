import type { ComputingElement, PilotOutput, PilotStatus, SubmitPilotsRequest, SubmittedPilot } from '@majorana/ce';

/** A CE that records what it is asked and reports the statuses a spec sets. (Specs only.) */
export class FakeComputingElement implements ComputingElement {
  readonly kind = 'local' as const;
  readonly submissions: SubmitPilotsRequest[] = [];
  readonly cancelled: string[] = [];
  readonly statuses = new Map<string, PilotStatus>();
  closed = false;
  private next = 1;

  constructor(
    readonly name = 'local',
    readonly site = 'Local.localhost',
    private readonly maxPilots = 2,
    private readonly slotsPerPilot = 4,
  ) {}

  capacity() {
    return { maxPilots: this.maxPilots, slotsPerPilot: this.slotsPerPilot };
  }

  submitPilots(request: SubmitPilotsRequest): Promise<SubmittedPilot[]> {
    this.submissions.push(request);
    return Promise.resolve(
      Array.from({ length: request.count }, () => {
        const id = this.next++;
        const pilotRef = `local://${this.name}/pilot-${id}`;
        this.statuses.set(pilotRef, 'Running');
        return { pilotRef, batchId: String(1000 + id), submittedAt: new Date(1_764_000_000_000) };
      }),
    );
  }

  pilotStatuses(pilotRefs: readonly string[]): Promise<Map<string, PilotStatus>> {
    return Promise.resolve(new Map(pilotRefs.map((ref) => [ref, this.statuses.get(ref) ?? 'Unknown'])));
  }

  cancelPilots(pilotRefs: readonly string[]): Promise<void> {
    this.cancelled.push(...pilotRefs);
    return Promise.resolve();
  }

  pilotOutput(pilotRef: string): Promise<PilotOutput> {
    return Promise.resolve({ stdout: `out of ${pilotRef}`, stderr: '' });
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
