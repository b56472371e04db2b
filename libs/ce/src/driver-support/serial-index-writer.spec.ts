import { describe, expect, it } from '@jest/globals';
import { SerialIndexWriter } from './serial-index-writer.js';

describe(SerialIndexWriter.name, () => {
  it('writes one at a time, in call order, even when an earlier write is slower', async () => {
    const written: number[] = [];
    let version = 0;
    const delays = [30, 0, 10];
    const sut = new SerialIndexWriter(
      async () => {
        const mine = ++version;
        await new Promise((resolve) => setTimeout(resolve, delays[mine - 1]));
        written.push(mine);
      },
      () => {},
    );
    await Promise.all([sut.save(), sut.save(), sut.save()]);
    expect(written).toEqual([1, 2, 3]);
  });

  it('reports a failed write and goes on with the next one', async () => {
    const warnings: string[] = [];
    let calls = 0;
    const sut = new SerialIndexWriter(
      () => {
        calls++;
        return calls === 1 ? Promise.reject(new Error('disk full')) : Promise.resolve();
      },
      (message, error) => warnings.push(`${message}: ${(error as Error).message}`),
    );
    await expect(sut.save()).resolves.toBeUndefined();
    await sut.save();
    await sut.settled();
    expect(calls).toBe(2);
    expect(warnings).toEqual(['could not save the pilot index; a restart would forget the latest changes: disk full']);
  });
});
