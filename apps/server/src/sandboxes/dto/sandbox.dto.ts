import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A sandbox the server holds for the caller: what a JDL's InputSandbox names it by. */
export class StoredSandboxDto {
  @ApiProperty({ description: 'put this in the JDL: InputSandbox = { "SB:sha256:…" }', example: `SB:sha256:${'0'.repeat(64)}` })
  ref!: string;

  @ApiProperty({ description: 'sha256 of the archive as sent (lowercase hex)', example: '0'.repeat(64) })
  sha256!: string;

  @ApiProperty({ description: 'size of the archive as sent' })
  bytes!: number;

  @ApiProperty({ description: 'entries of the archive that are not directories (files and links)' })
  files!: number;
}

export class StoredOutputSandboxDto extends StoredSandboxDto {
  @ApiProperty({ description: 'the attempt of the job whose output this is' })
  attempt!: number;
}

export class SandboxFileDto {
  @ApiProperty({ example: 'results/hist.root' })
  path!: string;

  @ApiProperty({ description: 'bytes of content (0 for directories and links)' })
  size!: number;

  @ApiProperty({ enum: ['file', 'directory', 'symlink', 'hardlink'] })
  type!: 'file' | 'directory' | 'symlink' | 'hardlink';

  @ApiPropertyOptional({ description: "a link's target, as written in the archive" })
  linkpath?: string;
}
