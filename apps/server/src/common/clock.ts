import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** The time, behind an injectable so that services never call Date.now() and tests can set it. */
@Injectable()
export class Clock {
  now(): number {
    return Date.now();
  }
}

/** Randomness for fencing tokens and fair-share draws, behind an injectable for the same reason. */
@Injectable()
export class RandomSource {
  /** A float in [0, 1), for weighted choices. */
  next(): number {
    return Math.random();
  }

  private pool = Buffer.alloc(0);
  private offset = 0;

  /** An unguessable token: 128 bits, hex. Drawn from a pool refilled 4 KiB at a time (one per match otherwise). */
  token(): string {
    if (this.offset + 16 > this.pool.length) {
      this.pool = randomBytes(4096);
      this.offset = 0;
    }
    const token = this.pool.toString('hex', this.offset, this.offset + 16);
    this.offset += 16;
    return token;
  }
}
