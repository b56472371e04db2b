import { ApiProperty } from '@nestjs/swagger';

export class HealthDto {
  @ApiProperty({ example: 'ok' })
  status!: 'ok';

  @ApiProperty({ example: 'majorana' })
  service!: string;

  @ApiProperty({ example: '0.1.0' })
  version!: string;
}
