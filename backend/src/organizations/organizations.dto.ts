import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { FIELDS_PROPERTY } from '../customers/customers.dto';
import { normaliseTags, TAG } from '../tickets/tickets.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const normaliseDomains = ({ value }: { value: unknown }) =>
  Array.isArray(value)
    ? [...new Set(value.map((d) => (typeof d === 'string' ? d.trim().toLowerCase().replace(/^@/, '') : d)))]
    : value;
/** A host name: labels of letters, digits and hyphens, with a dot (RFC 1123). */
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export class CreateOrganizationDto {
  @ApiProperty({ description: 'Unique regardless of case' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'Email domains (example.com): a new customer at one of them joins; each belongs to one organization',
  })
  @IsOptional()
  @Transform(normaliseDomains)
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(DOMAIN, { each: true, message: 'each domain must be a host name such as example.com' })
  domains?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) notes?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(normaliseTags)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  @Matches(TAG, { each: true, message: 'each tag must be a word of letters, digits and -_.:/' })
  tags?: string[];
  @ApiPropertyOptional(FIELDS_PROPERTY) @IsOptional() @IsObject() fields?: Record<string, unknown>;
  @ApiPropertyOptional({
    default: false,
    description: "Members see each other's tickets on the portal (the magic-link page lists them)",
  })
  @IsOptional()
  @IsBoolean()
  sharedTickets?: boolean;
}

export class UpdateOrganizationDto extends PartialType(CreateOrganizationDto) {}

export class ListOrganizationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Prefix of the name, or an exact domain' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;
}
