import { Inject, Injectable, Logger } from '@nestjs/common';
import { SandboxRepository } from '@majorana/db';
import type { Principal } from '@majorana/auth';
import { sandboxRef } from '@majorana/sandbox';
import { Clock } from '../common/clock.js';
import type { StoredSandboxDto } from './dto/sandbox.dto.js';
import { SandboxIntakeService, type IncomingSandbox } from './sandbox-intake.service.js';
import { SANDBOX_STORE, type SandboxStore } from './sandbox-store.js';
import { countFiles } from './sandbox-upload.mapper.js';

/**
 * How long a sandbox stays held after it was last uploaded or named by a submission, even when no job
 * uses it any more. A submission checks its references, then stores its jobs, then links them: a
 * release in between must not take the archive away. An hour is far more than any submission takes.
 */
export const SANDBOX_REUSE_GRACE_MS = 60 * 60 * 1000;

/**
 * Sandboxes as their owners see them: uploading one (stored once per content, held per owner), and
 * their retention, which follows the jobs that use them.
 */
@Injectable()
export class SandboxService {
  private readonly logger = new Logger('sandboxes');

  constructor(
    private readonly sandboxes: SandboxRepository,
    private readonly intake: SandboxIntakeService,
    @Inject(SANDBOX_STORE) private readonly store: SandboxStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores the caller's archive once it has passed every check, and holds it for them: the same
   * content sent again (by them or anyone) is stored once and answers the same reference.
   */
  async upload(principal: Principal, incoming: IncomingSandbox): Promise<StoredSandboxDto> {
    const received = await this.intake.receive(incoming, (stored) =>
      this.sandboxes.record(principal.user, stored.sha256, stored.bytes, this.clock.now()),
    );
    this.logger.log(`${principal.user} uploaded sandbox ${received.sha256} (${received.bytes} bytes, ${received.entries.length} entries)`);
    return { ref: sandboxRef(received.sha256), sha256: received.sha256, bytes: received.bytes, files: countFiles(received.entries) };
  }

  /**
   * For when a job is removed for good: unlinks its input and output sandboxes, ends its owner's hold
   * on each one no other job of theirs uses (unless used within the last {@link SANDBOX_REUSE_GRACE_MS}),
   * and removes the stored archives that nobody holds any more. Returns how many archives were removed.
   */
  async releaseJob(jobId: number): Promise<number> {
    const released = await this.sandboxes.releaseJob(jobId, this.clock.now() - SANDBOX_REUSE_GRACE_MS);
    return this.removeUnheld(released, `job ${jobId} released`);
  }

  /**
   * For a cleaning agent: ends every hold that no job uses and nobody used since `olderThan` (ms since
   * the epoch: uploads never submitted, outputs replaced by a later attempt, holds kept by the grace
   * period) and removes the archives nobody holds. Returns how many archives were removed.
   */
  async purgeUnreferenced(olderThan: number): Promise<number> {
    const released = await this.sandboxes.purgeUnreferenced(Math.min(olderThan, this.clock.now() - SANDBOX_REUSE_GRACE_MS));
    return this.removeUnheld(released, 'purge');
  }

  private async removeUnheld(sha256s: readonly string[], why: string): Promise<number> {
    let removed = 0;
    for (const sha256 of sha256s) {
      if (await this.sandboxes.isHeld(sha256)) {
        continue; // another owner uploaded the same content
      }
      // Asked again once the archive is out of reach: an upload of the same content may have come in.
      if (await this.store.remove(sha256, () => this.sandboxes.isHeld(sha256))) {
        removed++;
      }
    }
    if (removed > 0) {
      this.logger.log(`${why}: removed ${removed} sandbox archive(s) nobody holds any more`);
    }
    return removed;
  }
}
