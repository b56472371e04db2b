import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DiracProperty, RequireProperties } from '@majorana/auth';
import { AdminService } from './admin.service.js';
import { AddUserDto, IssuedTokenDto, IssueTokenDto, RevokedDto, RevokeTokensDto, UserDto } from './dto/admin.dto.js';
import { IdentityErrorCode, IdentityException } from './identity.exception.js';

/** Managing the collaboration's users and tokens (`majorana admin user add|token|revoke`). */
@ApiTags('admin')
@ApiBearerAuth()
@RequireProperties(DiracProperty.ServiceAdministrator)
@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('users')
  @ApiOkResponse({ type: [UserDto] })
  async users(): Promise<UserDto[]> {
    return (await this.admin.listUsers()).map((user) => ({ name: user.name, groups: [...user.groups] }));
  }

  @Post('users')
  @ApiOkResponse({ type: UserDto })
  async addUser(@Body() body: AddUserDto): Promise<UserDto> {
    const user = await this.admin.addUser(body.name, body.groups);
    return { name: user.name, groups: [...user.groups] };
  }

  @Post('tokens')
  @ApiOkResponse({ type: IssuedTokenDto })
  async issue(@Body() body: IssueTokenDto): Promise<IssuedTokenDto> {
    const issued = await this.admin.issueToken(body.user, body.group, body.lifetimeSeconds);
    return { token: issued.token, jti: issued.jti, expiresAt: issued.expiresAt.toISOString() };
  }

  @Post('tokens/revoke')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: RevokedDto })
  async revoke(@Body() body: RevokeTokensDto): Promise<RevokedDto> {
    if ((body.jti === undefined) === (body.user === undefined)) {
      throw new IdentityException(IdentityErrorCode.InvalidRequest, 'send exactly one of "jti" (one token) or "user" (all their tokens)');
    }
    if (body.jti !== undefined) {
      if (!(await this.admin.revoke(body.jti))) {
        throw new IdentityException(IdentityErrorCode.UnknownToken, `no live token ${body.jti}: list a user's tokens to find the jti`);
      }
      return { revoked: 1 };
    }
    return { revoked: await this.admin.revokeAll(body.user ?? '') };
  }
}
