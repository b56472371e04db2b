import { Controller, Get, HttpCode, HttpStatus, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, DiracProperty, RequireProperties, type Principal } from '@majorana/auth';
import { JobPeekDto, JobPilotDto, PilotDto, PilotListDto, PilotListQueryDto } from './dto/pilot.dto.js';
import { PilotQueryService } from './pilot-query.service.js';

/** The pilots, for site and service administrators (DIRAC's `dirac-admin-get-pilot-info` and friends). */
@ApiTags('pilots')
@ApiBearerAuth()
@Controller('pilots')
export class PilotsController {
  constructor(private readonly query: PilotQueryService) {}

  @Get()
  @RequireProperties(DiracProperty.ServiceAdministrator, DiracProperty.SiteManager, DiracProperty.JobAdministrator)
  @ApiOkResponse({ type: PilotListDto })
  list(@Query() query: PilotListQueryDto): Promise<PilotListDto> {
    return this.query.list(query);
  }

  @Post(':ref/drain')
  @HttpCode(HttpStatus.OK)
  @RequireProperties(DiracProperty.ServiceAdministrator, DiracProperty.SiteManager)
  @ApiOkResponse({ type: PilotDto, description: 'the pilot finishes its jobs, takes no more, and leaves' })
  drain(@Param('ref') ref: string): Promise<PilotDto> {
    return this.query.drain(ref);
  }

  @Get(':ref')
  @RequireProperties(DiracProperty.ServiceAdministrator, DiracProperty.SiteManager, DiracProperty.JobAdministrator)
  @ApiOkResponse({ type: PilotDto })
  get(@Param('ref') ref: string): Promise<PilotDto> {
    return this.query.get(ref);
  }
}

/** A job's pilots and its live output, for whoever may see the job. */
@ApiTags('jobs')
@ApiBearerAuth()
@RequireProperties(DiracProperty.NormalUser, DiracProperty.JobAdministrator)
@Controller('jobs')
export class JobPilotController {
  constructor(private readonly query: PilotQueryService) {}

  @Get(':id/pilot')
  @ApiOkResponse({ type: [JobPilotDto] })
  pilots(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) jobId: number): Promise<JobPilotDto[]> {
    return this.query.forJob(principal, jobId);
  }

  @Get(':id/peek')
  @ApiOkResponse({ type: JobPeekDto })
  peek(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) jobId: number): Promise<JobPeekDto> {
    return this.query.peek(principal, jobId);
  }
}
