import { availableParallelism, machine, totalmem, type as osType } from 'node:os';
import { Injectable } from '@nestjs/common';

/** What a pilot started on this machine will find and announce (it measures the same things the same way). */
export interface MachineShape {
  /** The machine's memory, or its control group's limit when lower, in MiB. */
  readonly memoryMiB: number;
  /** DIRAC's platform string, e.g. `Linux_x86_64_glibc-2.36`. */
  readonly platform: string;
  readonly cores: number;
}

/** Reads this machine's size once: behind an injectable so the site director's specs choose it. */
@Injectable()
export class LocalMachine {
  private shape: MachineShape | null = null;

  describe(): MachineShape {
    this.shape ??= readShape();
    return this.shape;
  }
}

function readShape(): MachineShape {
  const total = totalmem();
  // process.constrainedMemory() is the cgroup limit (0 or a huge number when there is none).
  const limit = process.constrainedMemory();
  const memory = limit > 0 && limit < total ? limit : total;
  // process.report's header names the glibc the running node links against (absent on musl).
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  const glibc = report.header?.glibcVersionRuntime;
  const base = `${osType()}_${machine()}`;
  return {
    memoryMiB: Math.floor(memory / (1024 * 1024)),
    platform: glibc ? `${base}_glibc-${glibc}` : base,
    cores: availableParallelism(),
  };
}
