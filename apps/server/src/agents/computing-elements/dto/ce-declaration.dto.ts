import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CE_NAME_PATTERN, type ComputingElementKind } from '@majorana/ce';

/** Absolute paths only: the agents process and the worker nodes have no shared working directory. */
const ABSOLUTE_PATH = /^\/\S*$/;
const ABSOLUTE_PATH_MESSAGE = '$property must be an absolute path such as /var/lib/majorana/pilots';

export const CE_KINDS: readonly ComputingElementKind[] = ['local', 'ssh', 'slurm'];

/** How to reach the host of an SSH CE, or the login node of a Slurm CE driven over SSH. */
export class CeConnectionDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(255) host!: string;
  @ApiPropertyOptional({ default: 22 }) @IsOptional() @IsInt() @Min(1) @Max(65535) port?: number;
  @ApiProperty() @IsString() @Matches(/^[A-Za-z_][A-Za-z0-9._-]{0,31}$/, { message: '$property must be a login name' }) user!: string;
  /** The private key the agents use (never sent anywhere). */
  @ApiProperty() @IsString() @Matches(ABSOLUTE_PATH, { message: ABSOLUTE_PATH_MESSAGE }) keyFile!: string;
  /** The known_hosts file holding the host's key: the agents refuse a host they cannot verify. */
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(ABSOLUTE_PATH, { message: ABSOLUTE_PATH_MESSAGE }) knownHostsFile?: string;
}

/** DIRAC's MaxWaitingJobs / MaxTotalJobs and the site director's per-cycle cap. */
export class CeLimitsDto {
  /** Pilots submitted and not yet started (queued at the batch system, or idle) at most. */
  @ApiProperty() @IsInt() @Min(0) @Max(100_000) maxPilotsWaiting!: number;
  /** Pilots of this CE that have not ended, at most. */
  @ApiProperty() @IsInt() @Min(1) @Max(1_000_000) maxPilots!: number;
  /** Pilots one site-director cycle submits, at most. */
  @ApiProperty() @IsInt() @Min(1) @Max(10_000) maxPilotsPerCycle!: number;
}

/** The queue's static description: what a pilot sent there will offer (DIRAC's CE/Queue options). */
export class CeQueueDto {
  /** DIRAC's platform, e.g. Linux_x86_64_glibc-2.36. */
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(128) platform!: string;
  /** The queue's CPU-time limit in seconds (DIRAC's maxCPUTime, in real seconds). */
  @ApiProperty() @IsInt() @Min(1) cpuTimeLimitS!: number;
  /** HS06 per core (DIRAC's CPUNormalizationFactor): the limit × this is what a job's CPUTime is compared with. */
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.001) @Max(10_000) cpuNormalization!: number;
  /** Cores of one batch slot. */
  @ApiProperty() @IsInt() @Min(1) @Max(1024) cores!: number;
  /** Memory of one batch slot, MiB. */
  @ApiProperty() @IsInt() @Min(1) ramMiB!: number;
  /** Extra tags the slot offers (DIRAC's Tag), beyond the processor and memory tags every pilot has. */
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  tags?: string[];
}

/** How each pilot is started. */
export class CePilotOptionsDto {
  /** Job slots of each pilot (its --slots); at most the queue's cores. */
  @ApiProperty() @IsInt() @Min(1) @Max(1024) slots!: number;
  /** Longest a pilot lives (its --max-time, and the lifetime of its credential). */
  @ApiProperty() @IsInt() @Min(60) @Max(30 * 24 * 3600) maxTimeS!: number;
  /** The node binary on the worker node. @default the agents' own node (local), `node` on the PATH elsewhere */
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(ABSOLUTE_PATH, { message: ABSOLUTE_PATH_MESSAGE }) nodePath?: string;
}

export class CeSlurmOptionsDto {
  @ApiProperty() @IsString() @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: '$property must be a Slurm partition name' }) partition!: string;
  /** Extra `sbatch` arguments, each one word (e.g. `--account=km3net`). */
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(/^--?[A-Za-z]/, { each: true, message: '$property must hold sbatch options such as --account=km3net' })
  sbatchArgs?: string[];
}

/** The declaration of one CE, without its name (the body of PUT /api/admin/computing-elements/:name). */
export class CeDeclarationBodyDto {
  /** Present only to be compared with the name in the path (the config file's entries carry it). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(CE_NAME_PATTERN, { message: '$property must be letters, digits, ".", "_" or "-"' })
  name?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(128) site!: string;
  @ApiProperty({ enum: CE_KINDS }) @IsIn(CE_KINDS) type!: ComputingElementKind;
  @ApiPropertyOptional({ type: CeConnectionDto }) @IsOptional() @ValidateNested() @Type(() => CeConnectionDto) connection?: CeConnectionDto;
  /** Informational: the batch system behind an SSH or Slurm CE (`slurm`, `none`). */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) batchSystem?: string;
  /** Where the CE keeps its pilots' files (on the CE's host for SSH and Slurm). */
  @ApiProperty() @IsString() @Matches(ABSOLUTE_PATH, { message: ABSOLUTE_PATH_MESSAGE }) workDir!: string;
  @ApiProperty({ type: CeLimitsDto }) @ValidateNested() @Type(() => CeLimitsDto) limits!: CeLimitsDto;
  @ApiProperty({ type: CeQueueDto }) @ValidateNested() @Type(() => CeQueueDto) queue!: CeQueueDto;
  @ApiProperty({ type: CePilotOptionsDto }) @ValidateNested() @Type(() => CePilotOptionsDto) pilot!: CePilotOptionsDto;
  @ApiPropertyOptional({ type: CeSlurmOptionsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CeSlurmOptionsDto)
  slurm?: CeSlurmOptionsDto;
}

/** One entry of `computingElements` in the config file. */
export class CeDeclarationDto extends CeDeclarationBodyDto {
  @ApiProperty()
  @IsString()
  @Matches(CE_NAME_PATTERN, { message: '$property must be letters, digits, ".", "_" or "-" (at most 128, not starting with ".")' })
  declare name: string;
}

/** A declared CE as GET /api/admin/computing-elements lists it. */
export class ComputingElementDto extends CeDeclarationDto {
  @ApiProperty({ enum: ['config', 'api'], description: 'config: from $MAJORANA_CONFIG (written again at every start); api: from PUT' })
  source!: 'config' | 'api';
  @ApiProperty() updatedAt!: string;
}
