import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

/**
 * What happened on this replica, for the parts that react at once instead of polling: the pilot
 * gateway (a parked pilot gets work the moment it is matchable, a kill reaches the pilot), the site
 * director, and later the dashboard. Other replicas learn the same facts from the database within a
 * second; an event is a shortcut, never the only path.
 */
export interface ServerEventMap {
  /** Jobs became Waiting in task queues (submission, reschedule, priority change). */
  'work-available': { readonly jobIds: readonly number[] };
  /** Jobs were killed or deleted while a pilot may be running them. */
  'jobs-stopped': { readonly jobIds: readonly number[]; readonly reason: string };
  /** A pilot connected, parked a request, or left (for site directors and dashboards). */
  'pilots-changed': { readonly ce: string };
}

export type ServerEventName = keyof ServerEventMap;

@Injectable()
export class ServerEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Each pilot connection does not subscribe; only a handful of services do.
    this.emitter.setMaxListeners(100);
  }

  emit<E extends ServerEventName>(event: E, payload: ServerEventMap[E]): void {
    this.emitter.emit(event, payload);
  }

  /** Subscribes; returns the unsubscribe function. A listener that throws is logged by Node, not by us: keep them small. */
  on<E extends ServerEventName>(event: E, listener: (payload: ServerEventMap[E]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
