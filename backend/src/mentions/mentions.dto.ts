import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional } from 'class-validator';
import { PageQuery } from '../common/pagination';

export class MentionsQuery extends PageQuery {
  @ApiPropertyOptional({ default: false, description: 'Only those not yet read' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class MarkMentionsReadDto {
  @ApiPropertyOptional({ type: [Number], description: 'These mentions' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsInt({ each: true })
  ids?: number[];
  @ApiPropertyOptional({ description: 'All mentions on this ticket (neither given: all)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  ticketId?: number;
}
