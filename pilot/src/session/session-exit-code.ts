import { constants } from 'node:os';
import type { SessionEnd } from './session.error.js';

/**
 * The pilot's exit status: 0 when it left as planned (idle, drained, time-left, done), 1 on an error,
 * 128 + the signal's number when a signal stopped it (130 for SIGINT, 143 for SIGTERM), as a shell
 * reports it, so the batch system's accounting tells a preempted pilot from a failed one.
 */
export function exitCodeFor(end: SessionEnd): number {
  switch (end.reason) {
    case 'idle':
    case 'drained':
    case 'time-left':
    case 'done':
      return 0;
    case 'error':
      return 1;
    case 'signal':
      return end.signal === undefined ? 1 : 128 + constants.signals[end.signal];
  }
}
