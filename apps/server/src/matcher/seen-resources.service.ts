import { Injectable } from '@nestjs/common';
import type { ResourceDescription } from '@majorana/domain';
import { Clock } from '../common/clock.js';

/** How long a slot that asked for work counts as connected. */
const SEEN_FOR_MS = 15 * 60 * 1000;
/** Distinct slots remembered at most (a flood of made-up slots must not grow memory without end). */
const MAX_SLOTS = 10_000;

/**
 * The slots that asked this replica for work recently: "connected resources" for `explain`, until
 * pilots hold WebSocket connections (the pilot issue) and report through the database. Per replica
 * and in memory on purpose: it answers "could anything running now take this job?", not history.
 */
@Injectable()
export class SeenResourcesService {
  private readonly slots = new Map<string, { resource: ResourceDescription; at: number }>();

  constructor(private readonly clock: Clock) {}

  record(resource: ResourceDescription): void {
    const key = JSON.stringify([
      resource.site,
      resource.ce ?? '',
      resource.platforms,
      resource.processors,
      resource.tags,
      resource.requiredTags,
    ]);
    this.slots.delete(key);
    this.slots.set(key, { resource, at: this.clock.now() });
    if (this.slots.size > MAX_SLOTS) {
      const oldest = this.slots.keys().next().value;
      if (oldest !== undefined) {
        this.slots.delete(oldest);
      }
    }
  }

  current(): ResourceDescription[] {
    const since = this.clock.now() - SEEN_FOR_MS;
    for (const [key, slot] of this.slots) {
      if (slot.at < since) {
        this.slots.delete(key);
      }
    }
    return [...this.slots.values()].map((slot) => slot.resource);
  }
}
