import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  MinLength,
} from 'class-validator';
import { WEBHOOK_EVENTS } from './webhooks.subscriber';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const URL_RULES = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
const EVENTS_DOC = {
  enum: WEBHOOK_EVENTS,
  isArray: true,
  description: 'Ticket events that call it (none: only rules call it, with the action {field: "webhook", value: <id>})',
};

export class CreateWebhookDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({
    description: 'http(s) URL; private and loopback addresses are refused unless HELPDESK_WEBHOOKS_ALLOW_PRIVATE=true',
  })
  @IsUrl(URL_RULES, { message: 'url must be an http or https URL' })
  @MaxLength(2000)
  url: string;
  @ApiProperty({
    description: 'Signs every delivery (X-Helpdesk-Signature: sha256=<hex HMAC of the body>); never returned',
    minLength: 16,
  })
  @IsString()
  @MinLength(16)
  @MaxLength(500)
  secret: string;
  @ApiPropertyOptional(EVENTS_DOC)
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events?: string[];
}

export class UpdateWebhookDto {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl(URL_RULES, { message: 'url must be an http or https URL' })
  @MaxLength(2000)
  url?: string;
  @ApiPropertyOptional({ minLength: 16 }) @IsOptional() @IsString() @MinLength(16) @MaxLength(500) secret?: string;
  @ApiPropertyOptional(EVENTS_DOC)
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events?: string[];
  @ApiPropertyOptional({ description: 'Turning it on again clears the failure count and the notice' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
