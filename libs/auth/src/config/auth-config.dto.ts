// class-transformer's @Type reads design-time types through the Reflect metadata API.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsOptional, IsPositive, Matches, ValidateNested, type ValidationArguments } from 'class-validator';
import { DIRAC_PROPERTIES, type DiracProperty, isDiracProperty } from '../properties/dirac-property.js';
import { EachElement, show } from './each-element.validator.js';

/**
 * What a user, group or VO name may contain: it travels in tokens, logs, sandbox paths and DIRAC's
 * command lines, so no blanks, slashes or quotes.
 */
export const NAME_PATTERN = /^[A-Za-z0-9_.@-]+$/;
const NAME_CHARACTERS = 'letters, digits and _ . @ -';

const got = (args: ValidationArguments): string => `got ${show(args.value)}`;

/** The shape of one entry of `groups`, as validated; `parseAuthConfig` turns it into a GroupConfig. */
export class GroupConfigDto {
  @Matches(NAME_PATTERN, { message: (args) => `must be a group name of ${NAME_CHARACTERS}, ${got(args)}` })
  name!: string;

  @EachElement(isDiracProperty, (value) => `${show(value)} is not a property; use one of ${DIRAC_PROPERTIES.join(', ')}`)
  @IsArray({ message: (args) => `must be a list of properties such as ["NormalUser"], ${got(args)}` })
  properties!: DiracProperty[];

  @IsPositive({ message: (args) => `must be a positive number (the group's fair share; default 1000), ${got(args)}` })
  @IsOptional()
  share?: number;
}

/** The shape of one entry of `users`. */
export class UserConfigDto {
  @Matches(NAME_PATTERN, { message: (args) => `${show(args.value)} is not a valid user name; use ${NAME_CHARACTERS}` })
  name!: string;

  @EachElement((value) => typeof value === 'string' && value !== '', (value) => `must be a group name, got ${show(value)}`)
  @ArrayNotEmpty({ message: 'must name at least one group: a user without a group can do nothing' })
  @IsArray({ message: (args) => `must be a list of group names such as ["km3net_user"], ${got(args)}` })
  groups!: string[];
}

/** The shape of the whole users/groups section. */
export class AuthConfigDto {
  @Matches(NAME_PATTERN, { message: (args) => `must name the virtual organisation with ${NAME_CHARACTERS}, ${got(args)}` })
  vo!: string;

  @ValidateNested({ each: true, message: 'must be an object { name, properties, share? }' })
  @Type(() => GroupConfigDto)
  @IsArray({ message: (args) => `must be a list of groups { name, properties, share? }, ${got(args)}` })
  groups!: GroupConfigDto[];

  @ValidateNested({ each: true, message: 'must be an object { name, groups }' })
  @Type(() => UserConfigDto)
  @IsArray({ message: (args) => `must be a list of users { name, groups }, ${got(args)}` })
  users!: UserConfigDto[];
}
