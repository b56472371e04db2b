import { type Clock } from '../clock/clock.js';

/** A Clock that stands still until a test moves it. */
export class FixedClock implements Clock {
  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  advanceSeconds(seconds: number): void {
    this.current += seconds * 1000;
  }
}
