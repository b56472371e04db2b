import { createMessage, type PilotMessage } from '@majorana/protocol';
import type { WorkRequest as WorkRequestPayload } from '../execution/slot-packer.js';
import type { SessionLogger } from './pilot-session.deps.js';
import type { SessionTimers } from './session-timers.js';

/**
 * The one `request-work` the pilot may have at the server: none, parked there (answered when a job is
 * matchable), withdrawn by a `cancel-request` not answered yet, or waiting the delay a `no-work` asked for.
 */
type RequestState =
  | { readonly kind: 'none' }
  | { readonly kind: 'parked'; readonly id: string; readonly freeSlots: number }
  | { readonly kind: 'cancelling'; readonly id: string }
  | { readonly kind: 'backing-off' };

export interface WorkRequestsDeps {
  readonly timers: SessionTimers;
  send(message: PilotMessage): void;
  nextId(): string;
  readonly logger: SessionLogger;
  /** The back-off is over: the session may ask again. */
  onRetry(): void;
}

/** Keeps at most one request for work outstanding, and withdraws it when the pilot leaves. */
export class WorkRequests {
  private state: RequestState = { kind: 'none' };

  constructor(private readonly deps: WorkRequestsDeps) {}

  /** Nothing asked and nothing to wait for: a new request may go out. */
  get canAsk(): boolean {
    return this.state.kind === 'none';
  }

  /**
   * True when the parked request offers fewer slots than are free now: it should be withdrawn and
   * asked again, or a job needing more processors than it offered would never be matched to us.
   */
  isSmallerThan(freeSlots: number): boolean {
    return this.state.kind === 'parked' && this.state.freeSlots < freeSlots;
  }

  /** A request the server has not answered yet (parked or being cancelled). */
  get awaitingAnswer(): boolean {
    return this.state.kind === 'parked' || this.state.kind === 'cancelling';
  }

  ask(payload: WorkRequestPayload): void {
    const id = this.deps.nextId();
    this.deps.send(createMessage('request-work', id, payload));
    this.state = { kind: 'parked', id, freeSlots: payload.freeSlots };
    this.deps.logger.info('request-work', {
      id,
      freeSlots: payload.freeSlots,
      memoryMiB: payload.resources.memoryMiB,
      timeLeftS: payload.resources.timeLeftS,
    });
  }

  /**
   * A `job` or `no-work` answering `replyTo`: how the request stood (`cancelling` means our
   * cancel-request crossed the answer), or null when it is not our outstanding request.
   */
  answered(replyTo: string): 'parked' | 'cancelling' | null {
    if ((this.state.kind === 'parked' || this.state.kind === 'cancelling') && this.state.id === replyTo) {
      const was = this.state.kind;
      this.state = { kind: 'none' };
      return was;
    }
    return null;
  }

  /** Asks again (through `onRetry`) after `ms`. */
  backOff(ms: number): void {
    this.state = { kind: 'backing-off' };
    this.deps.timers.set('request-retry', ms, () => {
      this.state = { kind: 'none' };
      this.deps.onRetry();
    });
  }

  /** The server could not read request `id` (an error frame): ask again after `ms`. True when it was ours. */
  failed(id: string, ms: number): boolean {
    if (this.state.kind !== 'parked' || this.state.id !== id) {
      return false;
    }
    this.backOff(ms);
    return true;
  }

  /** Withdraws a parked request (its answer is still to come) and forgets a pending back-off. */
  withdraw(): void {
    if (this.state.kind === 'backing-off') {
      this.deps.timers.clear('request-retry');
      this.state = { kind: 'none' };
    } else if (this.state.kind === 'parked') {
      const replyTo = this.state.id;
      this.deps.send(createMessage('cancel-request', this.deps.nextId(), { replyTo }));
      this.state = { kind: 'cancelling', id: replyTo };
      this.deps.logger.info('cancel-request', { replyTo });
    }
  }

  /** The connection is gone, and the request with it: the server forgets requests of a closed connection. */
  lost(): void {
    this.deps.timers.clear('request-retry');
    this.state = { kind: 'none' };
  }
}
