import { IsEmailAddress } from '../common/is-email-address';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../common/pagination';

export const normaliseEmail = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CustomerRefDto {
  @ApiProperty() @Transform(normaliseEmail) @IsEmailAddress() @MaxLength(254) email: string;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(200) name?: string;
}

/** `fields: {<key>: value}` of custom fields, checked by each field's type (null clears one). */
export const FIELDS_PROPERTY = {
  type: 'object',
  additionalProperties: true,
  description: 'Custom field values by key (`{<key>: value}`; null clears one), checked by type',
} as const;

export class CreateCustomerDto extends CustomerRefDto {
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Left out: the organization that owns the address’s domain, if any',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  organizationId?: number | null;
  @ApiPropertyOptional(FIELDS_PROPERTY) @IsOptional() @IsObject() fields?: Record<string, unknown>;
}

export class UpdateCustomerDto {
  @ApiPropertyOptional() @IsOptional() @Transform(normaliseEmail) @IsEmailAddress() @MaxLength(254) email?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Moves the person (null: no organization)' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  organizationId?: number | null;
  @ApiPropertyOptional(FIELDS_PROPERTY) @IsOptional() @IsObject() fields?: Record<string, unknown>;
}

export class ListCustomersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Prefix of the email or name' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Only members of this organization' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  organizationId?: number;
}
