import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AgentLeaseRepository } from '@majorana/db';
import { Clock } from '../../common/clock.js';

/** Injection token of this process's name as a lease holder. */
export const AGENT_HOLDER = Symbol('AGENT_HOLDER');

/** `host:pid:random`: tells the operator which process holds a lease, and stays unique when a pid is reused. */
export function newAgentHolder(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * The leases this process's agents hold (DESIGN.md: agents take a database lock before acting). An
 * agent calls `hold(name)` at the start of each cycle and acts only when it returns true; the lease
 * outlives a cycle (ttl > interval), so the holder keeps it from cycle to cycle, and another replica
 * takes over within one ttl of this one dying.
 */
@Injectable()
export class AgentLeases {
  private readonly logger = new Logger('agents');
  private readonly held = new Set<string>();

  constructor(
    private readonly leases: AgentLeaseRepository,
    private readonly clock: Clock,
    @Inject(AGENT_HOLDER) readonly holder: string,
  ) {}

  /** Takes or renews the lease `name` for `ttlMs`; true when this process may act for the agent now. */
  async hold(name: string, ttlMs: number): Promise<boolean> {
    const holds = await this.leases.acquire(name, this.holder, this.clock.now(), ttlMs);
    if (holds !== this.held.has(name)) {
      // Said once per change, not every cycle: which replica acts is what an operator wants to know.
      if (holds) {
        this.held.add(name);
        this.logger.log(`${name}: this process (${this.holder}) now acts for the agent`);
      } else {
        this.held.delete(name);
        this.logger.warn(`${name}: lease lost to another process; this one stands by`);
      }
    }
    return holds;
  }

  /** Gives up every lease held (a clean stop), so another replica takes over at once. */
  async releaseAll(): Promise<void> {
    for (const name of this.held) {
      await this.leases.release(name, this.holder);
    }
    this.held.clear();
  }
}
