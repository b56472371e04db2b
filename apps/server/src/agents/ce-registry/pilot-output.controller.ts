import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { DiracProperty, RequireProperties } from '@majorana/auth';
import { PilotOutputDto } from './dto/pilot-output.dto.js';
import { PilotOutputService } from './pilot-output.service.js';

/** `GET /api/pilots/:ref/output` for the people who look after pilots, and for pilots (DIRAC lets both). */
@ApiTags('pilots')
@ApiBearerAuth()
@Controller('pilots')
export class PilotOutputController {
  constructor(private readonly outputs: PilotOutputService) {}

  @Get(':ref/output')
  @RequireProperties(DiracProperty.ServiceAdministrator, DiracProperty.JobAdministrator, DiracProperty.SiteManager, DiracProperty.Pilot)
  @ApiParam({ name: 'ref', description: 'the pilot reference, URL-encoded (local%3A%2F%2Flocal%2F3f1c…)' })
  @ApiOkResponse({ type: PilotOutputDto })
  async output(@Param('ref') pilotRef: string): Promise<PilotOutputDto> {
    const { stdout, stderr } = await this.outputs.output(pilotRef);
    return { stdout, stderr };
  }
}
