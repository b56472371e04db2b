import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class SiteDto {
  @ApiProperty({ example: 'LCG.CPPM.fr' }) site!: string;
  @ApiProperty({ enum: ['Active', 'Banned'] }) status!: 'Active' | 'Banned';
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'who changed it last' }) changedBy!: string;
  @ApiProperty({ format: 'date-time' }) changedAt!: string;
}

export class SiteMaskChangeDto {
  @ApiProperty({ example: 'LCG.CPPM.fr' })
  @IsString()
  @MaxLength(128)
  @Matches(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/, { message: 'site must be a DIRAC site name such as LCG.CPPM.fr' })
  site!: string;

  @ApiProperty({ example: 'downtime until Monday' })
  @IsString()
  @MaxLength(1024)
  reason!: string;
}
