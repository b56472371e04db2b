import { Controller, HttpCode, HttpStatus, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, DiracProperty, RequireProperties, type Principal } from '@majorana/auth';
import { ApiErrorDto } from '../common/api-error.dto.js';
import { RefusedUploadInterceptor } from './refused-upload.interceptor.js';
import { StoredSandboxDto } from './dto/sandbox.dto.js';
import { SandboxBody } from './sandbox-body.decorator.js';
import { SANDBOX_CONTENT_TYPES } from './sandbox-content-types.js';
import type { IncomingSandbox } from './sandbox-intake.service.js';
import { SandboxService } from './sandbox.service.js';

/** Thin edge: users upload input sandboxes (tar.gz, streamed) and name them in their JDLs. */
@ApiTags('sandboxes')
@ApiBearerAuth()
@RequireProperties(DiracProperty.NormalUser, DiracProperty.JobAdministrator)
@Controller('sandboxes')
export class SandboxesController {
  constructor(private readonly sandboxes: SandboxService) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @UseInterceptors(RefusedUploadInterceptor)
  @ApiConsumes(...SANDBOX_CONTENT_TYPES)
  @ApiBody({ description: 'the sandbox: a tar.gz archive, streamed', schema: { type: 'string', format: 'binary' } })
  @ApiHeader({ name: 'X-Majorana-SHA256', required: false, description: "the archive's sha256 (hex), checked once it is in" })
  @ApiCreatedResponse({ type: StoredSandboxDto, description: 'stored (or already stored): put `ref` in the InputSandbox of your JDL' })
  @ApiPayloadTooLargeResponse({ type: ApiErrorDto, description: 'over MAJORANA_MAX_SANDBOX_BYTES (default 10 MiB)' })
  upload(@CurrentPrincipal() principal: Principal, @SandboxBody() body: IncomingSandbox): Promise<StoredSandboxDto> {
    return this.sandboxes.upload(principal, body);
  }
}
