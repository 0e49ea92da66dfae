import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const FILTERS_DOC = {
  type: 'object' as const,
  additionalProperties: { type: 'string' },
  description:
    'Query parameters of GET /api/v1/tickets as strings (status, priority, assigneeId, groupId, requesterId, tag, q, sort, order)',
  example: { status: 'new,open', assigneeId: 'me' },
};

export class CreateSavedViewDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiProperty(FILTERS_DOC) @IsObject() filters: Record<string, string>;
  @ApiPropertyOptional({ default: false, description: 'Visible to every agent' })
  @IsOptional()
  @IsBoolean()
  shared?: boolean;
}

export class UpdateSavedViewDto {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(100) name?: string;
  @ApiPropertyOptional(FILTERS_DOC) @IsOptional() @IsObject() filters?: Record<string, string>;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() shared?: boolean;
}
