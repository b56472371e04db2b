import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const NAME = /^[A-Za-z0-9_.@-]+$/;

export class AddUserDto {
  @ApiProperty({ example: 'ana' })
  @IsString()
  @MaxLength(128)
  @Matches(NAME, { message: 'name may contain letters, digits and _ . @ - only' })
  name!: string;

  @ApiProperty({ type: [String], example: ['user'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  groups!: string[];
}

export class UserDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) groups!: string[];
}

export class IssueTokenDto {
  @ApiProperty({ example: 'ana' })
  @IsString()
  @Matches(NAME, { message: 'user may contain letters, digits and _ . @ - only' })
  user!: string;

  @ApiPropertyOptional({ description: "the group to act in (default: the user's first group)" })
  @IsOptional()
  @IsString()
  group?: string;

  @ApiPropertyOptional({ description: 'seconds (default 7 days; at most a year)' })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(366 * 24 * 3600)
  lifetimeSeconds?: number;
}

export class IssuedTokenDto {
  @ApiProperty() token!: string;
  @ApiProperty() jti!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class RevokeTokensDto {
  @ApiPropertyOptional({ description: 'revoke this token (its jti)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  jti?: string;

  @ApiPropertyOptional({ description: 'revoke every live token of this user' })
  @IsOptional()
  @IsString()
  user?: string;
}

export class RevokedDto {
  @ApiProperty() revoked!: number;
}
