import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SiteMaskRepository } from '@majorana/db';
import { CurrentPrincipal, DiracProperty, RequireProperties, type Principal } from '@majorana/auth';
import { Clock } from '../common/clock.js';
import { TaskQueueCache } from '../task-queues/task-queue-cache.js';
import { SiteDto, SiteMaskChangeDto } from './dto/site.dto.js';

/** The site mask: banned sites get no jobs; jobs that asked only for them wait with a minor status saying so. */
@ApiTags('sites')
@ApiBearerAuth()
@Controller('sites')
export class SitesController {
  constructor(
    private readonly siteMask: SiteMaskRepository,
    private readonly taskQueues: TaskQueueCache,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOkResponse({ type: [SiteDto] })
  async list(): Promise<SiteDto[]> {
    return (await this.siteMask.list()).map((site) => ({ ...site, changedAt: new Date(site.changedAt).toISOString() }));
  }

  @Post('ban')
  @HttpCode(HttpStatus.OK)
  @RequireProperties(DiracProperty.SiteManager)
  @ApiOkResponse({ type: [SiteDto] })
  async ban(@CurrentPrincipal() principal: Principal, @Body() body: SiteMaskChangeDto): Promise<SiteDto[]> {
    return this.change(principal, body, 'Banned');
  }

  @Post('allow')
  @HttpCode(HttpStatus.OK)
  @RequireProperties(DiracProperty.SiteManager)
  @ApiOkResponse({ type: [SiteDto] })
  async allow(@CurrentPrincipal() principal: Principal, @Body() body: SiteMaskChangeDto): Promise<SiteDto[]> {
    return this.change(principal, body, 'Active');
  }

  private async change(principal: Principal, body: SiteMaskChangeDto, status: 'Active' | 'Banned'): Promise<SiteDto[]> {
    await this.siteMask.setStatus(body.site, status, body.reason, principal.user, this.clock.now());
    this.taskQueues.invalidate();
    return this.list();
  }
}
