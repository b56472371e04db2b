/** Where a progress bar draws: standard error, and only when it is a terminal. */
export interface ProgressSink {
  readonly isTTY: boolean;
  write(text: string): void;
}

/**
 * A one-line progress bar for bulk work (`[#####-----] 50/100 submit`), redrawn in place on stderr.
 * It draws nothing when stderr is not a terminal, so pipes, logs and scripts see only the results.
 */
export class ProgressBar {
  private done = 0;
  private lastDrawn = -1;

  constructor(
    private readonly sink: ProgressSink,
    private readonly total: number,
    private readonly label: string,
    /** Below this many items a bar is only flicker. @default 5 */
    minimum = 5,
  ) {
    this.enabled = sink.isTTY && total >= minimum;
  }

  private readonly enabled: boolean;

  tick(count = 1): void {
    this.done = Math.min(this.total, this.done + count);
    this.draw();
  }

  /** Clears the bar's line so the next output starts clean. */
  finish(): void {
    if (this.enabled && this.lastDrawn >= 0) {
      this.sink.write('\r\x1b[K');
    }
  }

  private draw(): void {
    // Redraw at most once per percent: thousands of ticks should not cost thousands of writes.
    const percent = Math.floor((this.done * 100) / this.total);
    if (!this.enabled || percent === this.lastDrawn) {
      return;
    }
    this.lastDrawn = percent;
    const width = 30;
    const filled = Math.round((this.done * width) / this.total);
    this.sink.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${this.total} ${this.label}`);
  }
}
