import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { normaliseTags, TAG, UpdateTicketDto } from './tickets.dto';

/** One request changes at most a page of the inbox. */
export const BULK_MAX_TICKETS = 200;

const TagList = () =>
  applyDecorators(
    IsOptional(),
    Transform(normaliseTags),
    IsArray(),
    ArrayMaxSize(50),
    IsString({ each: true }),
    MaxLength(50, { each: true }),
    Matches(TAG, { each: true, message: 'each tag must be a word of letters, digits and -_.:/' }),
  );

export class BulkChangesDto extends PickType(UpdateTicketDto, [
  'status',
  'priority',
  'assigneeId',
  'groupId',
  'formId',
  'organizationId',
  'fields',
] as const) {
  @ApiPropertyOptional({ type: [String], description: 'Tags to add to each ticket' }) @TagList() addTags?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Tags to remove from each ticket' })
  @TagList()
  removeTags?: string[];
  @ApiPropertyOptional({
    enum: [true],
    description: 'Mark each ticket as spam (closed, no reply, unsent automatic mail cancelled); nothing else with it',
  })
  @IsOptional()
  @IsIn([true])
  spam?: true;
}

export class BulkUpdateDto {
  @ApiProperty({ type: [Number], maxItems: BULK_MAX_TICKETS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX_TICKETS)
  @ArrayUnique()
  @IsInt({ each: true })
  ids: number[];

  @ApiProperty({ type: BulkChangesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => BulkChangesDto)
  changes: BulkChangesDto;
}

export class BulkFailureView {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'The HTTP status the single-ticket update would have answered' }) statusCode!: number;
  @ApiProperty() message!: string;
}

export class BulkResultView {
  @ApiProperty({ type: [Number], description: 'Tickets changed' }) updated!: number[];
  @ApiProperty({ type: () => [BulkFailureView], description: 'Tickets left as they were, and why' })
  failed!: BulkFailureView[];
}
