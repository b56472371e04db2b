import { ApiProperty } from '@nestjs/swagger';

/** The end of a pilot's stdout and stderr, as its computing element keeps them (the Local CE: the last 1 MiB of each). */
export class PilotOutputDto {
  @ApiProperty({ description: "the tail of the pilot's stdout" }) stdout!: string;
  @ApiProperty({ description: "the tail of the pilot's stderr" }) stderr!: string;
}
