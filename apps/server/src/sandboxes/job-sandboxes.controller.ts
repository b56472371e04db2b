import { Controller, Get, Param, ParseIntPipe, Put, Res, StreamableFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, DiracProperty, JobScopedAccess, RequireProperties, type Principal } from '@majorana/auth';
import { ApiErrorDto } from '../common/api-error.dto.js';
import { RefusedUploadInterceptor } from './refused-upload.interceptor.js';
import { SandboxFileDto, StoredOutputSandboxDto } from './dto/sandbox.dto.js';
import { JobSandboxService, type SandboxDownload } from './job-sandbox.service.js';
import { SandboxBody, SHA256_HEADER } from './sandbox-body.decorator.js';
import { SANDBOX_CONTENT_TYPES } from './sandbox-content-types.js';
import { WildcardPath } from './wildcard-path.decorator.js';
import type { IncomingSandbox } from './sandbox-intake.service.js';

/**
 * Thin edge for a job's sandboxes. The pilot running the job's current attempt reaches the input and
 * output routes with its job token (`@JobScopedAccess`); users who may see the job read both.
 */
@ApiTags('sandboxes')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ApiErrorDto })
@RequireProperties(DiracProperty.NormalUser, DiracProperty.JobAdministrator)
@Controller('jobs')
export class JobSandboxesController {
  constructor(private readonly sandboxes: JobSandboxService) {}

  @Get(':id/input-sandbox')
  @JobScopedAccess()
  @ApiProduces('application/gzip')
  @ApiOkResponse({ description: "the job's input sandbox (tar.gz), for its pilot (job token) or a user who may see the job" })
  @ApiConflictResponse({ type: ApiErrorDto, description: "the job token's attempt is no longer the job's current one" })
  async inputSandbox(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return archive(reply, await this.sandboxes.inputSandbox(principal, id), `job-${id}-input.tar.gz`);
  }

  @Put(':id/output-sandbox')
  @JobScopedAccess()
  @UseInterceptors(RefusedUploadInterceptor)
  @ApiConsumes(...SANDBOX_CONTENT_TYPES)
  @ApiBody({ description: "the job's output files (tar.gz), streamed", schema: { type: 'string', format: 'binary' } })
  @ApiHeader({ name: 'X-Majorana-SHA256', required: true, description: "the archive's sha256 (hex)" })
  @ApiOkResponse({ type: StoredOutputSandboxDto, description: "stored as the output of the job token's attempt" })
  @ApiConflictResponse({ type: ApiErrorDto, description: "the job token's attempt is no longer the job's current one" })
  storeOutput(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @SandboxBody({ requireSha256: true }) body: IncomingSandbox,
  ): Promise<StoredOutputSandboxDto> {
    return this.sandboxes.storeOutput(principal, id, body);
  }

  @Get(':id/output-sandbox')
  @ApiProduces('application/gzip')
  @ApiOkResponse({ description: "the job's output sandbox as one archive (tar.gz)" })
  async outputSandbox(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return archive(reply, await this.sandboxes.outputSandbox(principal, id), `job-${id}-output.tar.gz`);
  }

  @Get(':id/output-sandbox/files')
  @ApiOkResponse({ type: [SandboxFileDto], description: "what the job's output sandbox holds, in archive order" })
  outputFiles(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<SandboxFileDto[]> {
    return this.sandboxes.outputFiles(principal, id);
  }

  @Get(':id/output-sandbox/files/*')
  @ApiParam({ name: 'path', description: 'the file path inside the output sandbox, e.g. results/hist.root' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'one file of the output sandbox, streamed' })
  async outputFile(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @WildcardPath() path: string,
  ): Promise<StreamableFile> {
    const file = await this.sandboxes.outputFile(principal, id, path);
    return new StreamableFile(file.stream, { type: 'application/octet-stream', length: file.size });
  }
}

/** An archive response: gzip, its size when known, its sha256 (so the pilot can check), a file name. */
function archive(reply: FastifyReply, download: SandboxDownload, fileName: string): StreamableFile {
  void reply.header(SHA256_HEADER, download.sha256);
  return new StreamableFile(download.stream, {
    type: 'application/gzip',
    disposition: `attachment; filename="${fileName}"`,
    ...(download.bytes === undefined ? {} : { length: download.bytes }),
  });
}
