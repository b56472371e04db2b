import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SandboxRepository, type JobSandboxKind, type JobSandboxRecord } from '@majorana/db';
import type { Principal } from '@majorana/auth';
import { extractSandboxEntry, listSandbox, sandboxRef } from '@majorana/sandbox';
import { Clock } from '../common/clock.js';
import type { SandboxFileDto, StoredOutputSandboxDto } from './dto/sandbox.dto.js';
import { JobSandboxAccess, PILOT_HELD_STATUSES } from './job-sandbox-access.js';
import { SandboxApiErrorCode, SandboxApiException } from './sandbox-api.exception.js';
import { SandboxIntakeService, type IncomingSandbox } from './sandbox-intake.service.js';
import { SANDBOX_STORE, SandboxNotStoredError, type SandboxStore } from './sandbox-store.js';
import { countFiles } from './sandbox-upload.mapper.js';

/** An archive on its way out, with what the response says about it. */
export interface SandboxDownload {
  readonly stream: Readable;
  readonly sha256: string;
  /** Its size, when the database knows it. */
  readonly bytes?: number;
}

/** One file out of an output sandbox. */
export interface SandboxFileDownload {
  readonly stream: Readable;
  readonly size: number;
}

/**
 * A job's sandboxes: its pilot fetches the input and sends the output back; its users download the
 * output whole, list it, or take single files out of it (read from the archive as it streams: nothing
 * is unpacked on the server's disk).
 */
@Injectable()
export class JobSandboxService {
  private readonly logger = new Logger('sandboxes');

  constructor(
    private readonly sandboxes: SandboxRepository,
    private readonly access: JobSandboxAccess,
    private readonly intake: SandboxIntakeService,
    @Inject(SANDBOX_STORE) private readonly store: SandboxStore,
    private readonly clock: Clock,
  ) {}

  /** The input sandbox, for the pilot of the current attempt or a user who may see the job. */
  async inputSandbox(principal: Principal, jobId: number): Promise<SandboxDownload> {
    await this.access.reader(principal, jobId);
    return this.download(await this.linked(jobId, 'input'));
  }

  /** The output sandbox, for a user who may see the job. */
  async outputSandbox(principal: Principal, jobId: number): Promise<SandboxDownload> {
    await this.access.visibleJob(principal, jobId);
    return this.download(await this.linked(jobId, 'output'));
  }

  async outputFiles(principal: Principal, jobId: number): Promise<SandboxFileDto[]> {
    const download = await this.outputSandbox(principal, jobId);
    const entries = await listSandbox(download.stream);
    return entries.map((entry) => ({
      path: entry.path,
      size: entry.size,
      type: entry.type,
      ...(entry.linkpath === undefined ? {} : { linkpath: entry.linkpath }),
    }));
  }

  /** One file of the output sandbox; `missing-file` (404) when it holds no such file. */
  async outputFile(principal: Principal, jobId: number, path: string): Promise<SandboxFileDownload> {
    const download = await this.outputSandbox(principal, jobId);
    const { entry, stream } = await extractSandboxEntry(download.stream, path);
    return { stream, size: entry.size };
  }

  /**
   * Stores the output sandbox the pilot of the current attempt sends, replacing an earlier attempt's.
   * The attempt is checked before a byte is read and again, atomically, when the output is linked: a
   * job rescheduled during the upload keeps the newer attempt's output.
   */
  async storeOutput(principal: Principal, jobId: number, incoming: IncomingSandbox): Promise<StoredOutputSandboxDto> {
    const { job, attempt } = await this.access.pilot(principal, jobId);
    const received = await this.intake.receive(incoming, async (stored) => {
      const time = this.clock.now();
      const link = { jobId, owner: job.owner, sha256: stored.sha256, attempt, time, whileStatusIn: PILOT_HELD_STATUSES };
      if (!(await this.sandboxes.setOutput(link, stored.bytes))) {
        throw await this.access.notCurrent({ jobId, attempt });
      }
    });
    this.logger.log(`job ${jobId} attempt ${attempt}: output sandbox ${received.sha256} (${received.bytes} bytes) stored`);
    return {
      ref: sandboxRef(received.sha256),
      sha256: received.sha256,
      bytes: received.bytes,
      files: countFiles(received.entries),
      attempt,
    };
  }

  private async linked(jobId: number, kind: JobSandboxKind): Promise<JobSandboxRecord> {
    const link = await this.sandboxes.jobSandbox(jobId, kind);
    if (link === null) {
      throw new SandboxApiException(
        SandboxApiErrorCode.NotFound,
        kind === 'input'
          ? `job ${jobId} has no input sandbox (its JDL names no SB:sha256:… reference)`
          : `job ${jobId} has no output sandbox yet: its pilot sends it when the job ends`,
      );
    }
    return link;
  }

  private async download(link: JobSandboxRecord): Promise<SandboxDownload> {
    const held = await this.sandboxes.find(link.owner, link.sha256);
    try {
      const stream = await this.store.open(link.sha256);
      return { stream, sha256: link.sha256, ...(held === null ? {} : { bytes: held.bytes }) };
    } catch (error) {
      if (!(error instanceof SandboxNotStoredError)) {
        throw error;
      }
      this.logger.error(`job ${link.jobId}'s ${link.kind} sandbox ${link.sha256} is missing from the store`);
      throw new SandboxApiException(
        SandboxApiErrorCode.Lost,
        `the ${link.kind} sandbox of job ${link.jobId} (sha256 ${link.sha256}) is missing from the server's store: tell the administrator`,
      );
    }
  }
}
