import { describe, expect, it } from '@jest/globals';
import { PeriodicTask } from './periodic-task.js';
import { ManualTimers, settle } from './testing/manual-timers.js';

/** A cycle the spec finishes by hand, counting how often it started. */
function controllableCycle() {
  const finishers: (() => void)[] = [];
  let started = 0;
  return {
    cycle: () =>
      new Promise<void>((resolve) => {
        started++;
        finishers.push(resolve);
      }),
    get started() {
      return started;
    },
    finishAll: () => finishers.splice(0).forEach((finish) => finish()),
  };
}

describe(PeriodicTask.name, () => {
  it('runs a cycle at once, then one every interval counted from the end of the last', async () => {
    const timers = new ManualTimers();
    let cycles = 0;
    const sut = new PeriodicTask(
      2_000,
      () => Promise.resolve(cycles++),
      timers,
      () => undefined,
    );

    sut.start();
    await timers.advance(0);
    expect(cycles).toBe(1);
    await timers.advance(1_999);
    expect(cycles).toBe(1);
    await timers.advance(1);
    expect(cycles).toBe(2);
    await timers.advance(6_000);
    expect(cycles).toBe(5);
    await sut.stop();
  });

  it('runs one more cycle right after the current one however many triggers came during it', async () => {
    const timers = new ManualTimers();
    const work = controllableCycle();
    const sut = new PeriodicTask(60_000, work.cycle, timers, () => undefined);
    sut.start();
    await timers.advance(0);
    expect(work.started).toBe(1);

    sut.trigger();
    sut.trigger();
    sut.trigger();
    await timers.advance(0);
    expect(work.started).toBe(1);

    work.finishAll();
    await timers.advance(0);
    expect(work.started).toBe(2);
    work.finishAll();
    await timers.advance(0);
    expect(work.started).toBe(2);
    expect(timers.delays).toEqual([60_000]);
    await sut.stop();
  });

  it('runs a triggered cycle at once when idle, instead of waiting for the interval', async () => {
    const timers = new ManualTimers();
    let cycles = 0;
    const sut = new PeriodicTask(
      60_000,
      () => Promise.resolve(cycles++),
      timers,
      () => undefined,
    );
    sut.start();
    await timers.advance(0);

    sut.trigger();
    await timers.advance(0);

    expect(cycles).toBe(2);
    expect(timers.delays).toEqual([60_000]);
    await sut.stop();
  });

  it('reports a failed cycle and keeps going', async () => {
    const timers = new ManualTimers();
    const errors: unknown[] = [];
    let cycles = 0;
    const sut = new PeriodicTask(
      1_000,
      () => (cycles++ === 0 ? Promise.reject(new Error('database gone')) : Promise.resolve()),
      timers,
      (error) => errors.push(error),
    );
    sut.start();
    await timers.advance(1_000);

    expect(errors).toEqual([new Error('database gone')]);
    expect(cycles).toBe(2);
    await sut.stop();
  });

  it('waits for the cycle under way when stopped, and starts none after', async () => {
    const timers = new ManualTimers();
    const work = controllableCycle();
    const sut = new PeriodicTask(1_000, work.cycle, timers, () => undefined);
    sut.start();
    await timers.advance(0);

    let stopped = false;
    const stopping = sut.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    work.finishAll();
    await stopping;

    sut.trigger();
    await timers.advance(10_000);
    expect(work.started).toBe(1);
    expect(timers.delays).toEqual([]);
  });
});
