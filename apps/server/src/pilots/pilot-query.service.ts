import { Injectable } from '@nestjs/common';
import { JobReportRepository, PilotRepository, type PilotRecord } from '@majorana/db';
import type { Principal } from '@majorana/auth';
import { Clock } from '../common/clock.js';
import { JobQueryService } from '../jobs/job-query.service.js';
import { JobErrorCode, JobException } from '../jobs/job.exception.js';
import type { JobPeekDto, JobPilotDto, PilotDto, PilotListDto, PilotListQueryDto } from './dto/pilot.dto.js';

/** Reading pilots: the list for admins, a job's pilots and its stdout tail for whoever may see the job. */
@Injectable()
export class PilotQueryService {
  constructor(
    private readonly pilots: PilotRepository,
    private readonly reports: JobReportRepository,
    private readonly jobs: JobQueryService,
    private readonly clock: Clock,
  ) {}

  async list(query: PilotListQueryDto): Promise<PilotListDto> {
    const status = query.statuses();
    const perPage = query.perPage ?? 100;
    const offset = ((query.page ?? 1) - 1) * perPage;
    const [pilots, total] = await Promise.all([
      this.pilots.list({
        status,
        ...(query.ce === undefined ? {} : { ce: query.ce }),
        ...(query.site === undefined ? {} : { site: query.site }),
        limit: perPage,
        offset,
      }),
      this.pilots.count({ status }),
    ]);
    return { pilots: pilots.map(toPilotDto), total };
  }

  async get(pilotRef: string): Promise<PilotDto> {
    const pilot = await this.pilots.find(pilotRef);
    if (pilot === null) {
      throw new JobException(JobErrorCode.NotFound, `there is no pilot ${pilotRef}: GET /api/pilots lists them`);
    }
    return toPilotDto(pilot);
  }

  /** Asks a pilot to finish its jobs and leave; the replica holding it tells it within a second. */
  async drain(pilotRef: string): Promise<PilotDto> {
    if (!(await this.pilots.requestDrain(pilotRef, this.clock.now()))) {
      await this.get(pilotRef); // 404 when unknown
      throw new JobException(JobErrorCode.InvalidQuery, `pilot ${pilotRef} has already ended: there is nothing to drain`);
    }
    return this.get(pilotRef);
  }

  async forJob(principal: Principal, jobId: number): Promise<JobPilotDto[]> {
    await this.jobs.visibleJob(principal, jobId);
    return (await this.pilots.forJob(jobId)).map((pilot) => ({ ...toPilotDto(pilot), attempt: pilot.attempt }));
  }

  async peek(principal: Principal, jobId: number): Promise<JobPeekDto> {
    const job = await this.jobs.visibleJob(principal, jobId);
    const latest = await this.reports.latestHeartbeat(jobId);
    if (latest === null || latest.attempt !== job.attempt) {
      throw new JobException(
        JobErrorCode.NotFound,
        `job ${jobId} (${job.status}) has sent no heartbeat in its current attempt yet; pilots send one every 30 s while it runs`,
      );
    }
    return {
      JobID: jobId,
      attempt: latest.attempt,
      time: new Date(latest.time).toISOString(),
      cpuTimeS: latest.cpuTimeS,
      wallTimeS: latest.wallTimeS,
      memoryMiB: latest.memoryMiB,
      stdoutTail: latest.stdoutTail,
    };
  }
}

function iso(time: number | null): string | null {
  return time === null ? null : new Date(time).toISOString();
}

function toPilotDto(pilot: PilotRecord): PilotDto {
  let resources: Record<string, unknown> = {};
  try {
    resources = JSON.parse(pilot.resources) as Record<string, unknown>;
  } catch {
    // written by us from a validated hello; an unreadable value is shown as empty
  }
  return {
    pilotRef: pilot.pilotRef,
    status: pilot.status,
    ce: pilot.ce,
    site: pilot.site,
    pilotVersion: pilot.pilotVersion,
    subject: pilot.subject,
    connected: pilot.replicaId !== null,
    resources,
    submittedAt: iso(pilot.submittedAt),
    connectedAt: iso(pilot.connectedAt),
    lastContact: new Date(pilot.lastContact).toISOString(),
    endedAt: iso(pilot.endedAt),
    endReason: pilot.endReason,
    jobsRun: pilot.jobsRun,
  };
}
