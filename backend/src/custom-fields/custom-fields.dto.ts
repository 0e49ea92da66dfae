import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { FIELD_TYPES, FieldType } from './field-types';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class FieldOptionDto {
  @ApiProperty({ description: 'Stored on records and used in filters; no commas' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[^,\r\n]+$/, { message: 'an option value has no commas or line breaks' })
  value: string;
  @ApiProperty({ description: 'Shown to people; may be renamed freely' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  label: string;
  @ApiPropertyOptional({ default: true, description: 'A deactivated option stays on records, but is offered no more' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CreateFieldDto {
  @ApiProperty({ description: 'Lower-case letters, digits and _; fixed once created (filters and rules name it)' })
  @Matches(/^[a-z][a-z0-9_]{0,49}$/, {
    message: 'key must be lower-case letters, digits and _, starting with a letter',
  })
  key: string;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) label: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiProperty({ enum: FIELD_TYPES, enumName: 'FieldType', description: 'Fixed once created' })
  @IsIn(FIELD_TYPES)
  type: FieldType;
  @ApiPropertyOptional({ type: [FieldOptionDto], description: 'The choices of a dropdown or multiselect' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => FieldOptionDto)
  options?: FieldOptionDto[];
  @ApiPropertyOptional({ description: 'A regex field: the JavaScript pattern the whole value must match' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  pattern?: string;
  @ApiPropertyOptional({ default: false, description: 'Shown to customers (the contact form, the portal)' })
  @IsOptional()
  @IsBoolean()
  visibleToCustomers?: boolean;
  @ApiPropertyOptional({ default: false, description: 'Ticket fields: a ticket cannot be solved without a value' })
  @IsOptional()
  @IsBoolean()
  requiredToSolve?: boolean;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ description: 'Display order (ascending); new fields go last' })
  @IsOptional()
  @IsInt()
  @Min(0)
  position?: number;
}

/** Everything but key and type, which are fixed: values already stored depend on them. */
export class UpdateFieldDto extends PartialType(OmitType(CreateFieldDto, ['key', 'type'] as const)) {}

export class CreateTicketFormDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ type: [Number], description: 'Ticket field ids, in the order the form shows them' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsInt({ each: true })
  fieldIds?: number[];
  @ApiPropertyOptional({ default: false, description: 'Offered on the public contact form' })
  @IsOptional()
  @IsBoolean()
  visibleToCustomers?: boolean;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) position?: number;
}

export class UpdateTicketFormDto extends PartialType(CreateTicketFormDto) {}
