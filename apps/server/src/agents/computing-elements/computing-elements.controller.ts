import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DiracProperty, RequireProperties } from '@majorana/auth';
import { CeDeclarationsService, type StoredCeDeclaration } from './ce-declarations.service.js';
import { CeDeclarationBodyDto, ComputingElementDto } from './dto/ce-declaration.dto.js';

/** The computing elements the site directors drive (SiteManager or ServiceAdministrator). */
@ApiTags('admin')
@ApiBearerAuth()
@RequireProperties(DiracProperty.SiteManager, DiracProperty.ServiceAdministrator)
@Controller('admin/computing-elements')
export class ComputingElementsController {
  constructor(private readonly declarations: CeDeclarationsService) {}

  @Get()
  @ApiOkResponse({ type: [ComputingElementDto] })
  async list(): Promise<ComputingElementDto[]> {
    return (await this.declarations.list()).map(toDto);
  }

  @Put(':name')
  @ApiOkResponse({ type: ComputingElementDto })
  async put(@Param('name') name: string, @Body() body: CeDeclarationBodyDto): Promise<ComputingElementDto> {
    return toDto(await this.declarations.put(name, body));
  }

  @Delete(':name')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  async remove(@Param('name') name: string): Promise<void> {
    await this.declarations.remove(name);
  }
}

function toDto(stored: StoredCeDeclaration): ComputingElementDto {
  const { slurm, ...declaration } = stored.declaration;
  return {
    ...declaration,
    queue: { ...declaration.queue, tags: [...declaration.queue.tags] },
    ...(slurm === undefined ? {} : { slurm: { partition: slurm.partition, sbatchArgs: [...slurm.sbatchArgs] } }),
    source: stored.source,
    updatedAt: new Date(stored.updatedAt).toISOString(),
  };
}
