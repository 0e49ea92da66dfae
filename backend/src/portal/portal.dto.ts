import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress } from '../common/is-email-address';
import { FIELDS_PROPERTY, normaliseEmail } from '../customers/customers.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ContactFormDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty() @Transform(normaliseEmail) @IsEmailAddress() @MaxLength(254) email: string;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(500) subject: string;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(50_000) message: string;
  @ApiPropertyOptional({ description: 'Leave empty: a field hidden from people, which bots fill in' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  website?: string;
  @ApiPropertyOptional({ description: 'A form the contact form offers (GET /public/forms)' })
  @IsOptional()
  @IsInt()
  formId?: number;
  @ApiPropertyOptional({ ...FIELDS_PROPERTY, description: "Values of the form's fields shown to customers" })
  @IsOptional()
  @IsObject()
  fields?: Record<string, unknown>;
}

export class PortalReplyDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(50_000) body: string;
}
