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

  /** An unguessable token: 128 bits, hex. */
  token(): string {
    return randomBytes(16).toString('hex');
  }
}
