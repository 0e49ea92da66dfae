import { IsEmailAddress } from '../common/is-email-address';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';

export const normaliseEmail = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CustomerRefDto {
  @ApiProperty() @Transform(normaliseEmail) @IsEmailAddress() @MaxLength(254) email: string;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(200) name?: string;
}

export class CreateCustomerDto extends CustomerRefDto {}

export class UpdateCustomerDto {
  @ApiPropertyOptional() @IsOptional() @Transform(normaliseEmail) @IsEmailAddress() @MaxLength(254) email?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(200) name?: string;
}

export class ListCustomersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Prefix of the email or name' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;
}
