/**
 * Saves a driver's pilot index one write at a time, in call order, so a slow write can never land
 * after a newer one. A failed write is logged, not thrown: the driver's memory stays right and the
 * next write carries the change.
 */
export class SerialIndexWriter {
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: () => Promise<void>,
    private readonly warn: (message: string, error: unknown) => void,
  ) {}

  /** Queues a write of the index as it will be when the write runs; resolves when it has run. */
  save(): Promise<void> {
    this.last = this.last.then(async () => {
      try {
        await this.write();
      } catch (error) {
        this.warn('could not save the pilot index; a restart would forget the latest changes', error);
      }
    });
    return this.last;
  }

  /** Resolves once every queued write has run. */
  settled(): Promise<void> {
    return this.last;
  }
}
