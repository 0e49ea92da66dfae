import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, Equals, IsArray, IsInt, IsOptional } from 'class-validator';

export class MarkNotificationsReadDto {
  @ApiPropertyOptional({ type: [Number], description: 'These notifications' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsInt({ each: true })
  ids?: number[];

  @ApiPropertyOptional({ enum: [true], description: 'All of your notifications' })
  @IsOptional()
  @Equals(true)
  all?: true;
}
