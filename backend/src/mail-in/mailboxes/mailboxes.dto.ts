import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsEmailAddress } from '../../common/is-email-address';
import { TRANSPORT_INPUT_SCHEMA } from '../../mail-out/transports/transport.view';
import { SOURCE_INPUT_SCHEMA } from '../../mail-sources/source.view';

const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const ADDRESS = /^([^@\s]+)?@[^@\s]+$/;
const ADDRESS_MESSAGE = 'address must be an email address, or @domain for a whole domain';

export class UpdateMailboxDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) displayName?: string;
  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  defaultGroupId?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(lower)
  @IsEmailAddress()
  outboundFrom?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ description: 'Plain text added to replies (see MailboxView.signature)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  signature?: string;
  /** Checked field by field by the mail sources (parseSourceInput). */
  @ApiPropertyOptional(SOURCE_INPUT_SCHEMA)
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsObject()
  source?: Record<string, unknown> | null;
  /** Checked field by field by the transports (parseTransportInput). */
  @ApiPropertyOptional(TRANSPORT_INPUT_SCHEMA)
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsObject()
  transport?: Record<string, unknown> | null;
}

/** A new mailbox: its address (set once) and the fields an update may change. */
export class CreateMailboxDto extends UpdateMailboxDto {
  @ApiProperty({
    example: 'support@example.com',
    description: 'An address, or @example.com for every address of a domain',
  })
  @Transform(lower)
  @IsString()
  @MaxLength(254)
  @Matches(ADDRESS, { message: ADDRESS_MESSAGE })
  address: string;
}
