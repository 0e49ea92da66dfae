import { ApiHideProperty, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { CustomerRefDto, FIELDS_PROPERTY } from '../customers/customers.dto';
import {
  FIRST_MESSAGE_KINDS,
  FirstMessageKind,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TicketPriority,
  TicketStatus,
} from './ticket.constants';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Tags are lower-case words: letters, digits and `-_.:/`, deduplicated. */
export const normaliseTags = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? [...new Set(value.map((t) => (typeof t === 'string' ? t.trim().toLowerCase() : t)))] : value;
export const TAG = /^[\p{L}\p{N}][\p{L}\p{N}_.:/-]*$/u;
@ValidatorConstraint({ name: 'fieldFilters' })
class StringValues implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return (
      typeof value === 'object' &&
      value !== null &&
      Object.keys(value).length <= 20 &&
      Object.entries(value).every(
        ([k, v]) => /^[a-z][a-z0-9_]{0,49}$/.test(k) && typeof v === 'string' && v.length <= 200,
      )
    );
  }
  defaultMessage() {
    return 'field filters are field.<key>=<value> (at most 20, values of 200 characters)';
  }
}

const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

export class CreateTicketDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(500) subject: string;
  @ApiProperty({ description: 'Plain text of the first message' })
  @IsString()
  @MinLength(1)
  @MaxLength(1_000_000)
  body: string;
  @ApiProperty({ type: CustomerRefDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerRefDto)
  requester: CustomerRefDto;
  @ApiPropertyOptional({
    enum: FIRST_MESSAGE_KINDS,
    enumName: 'FirstMessageKind',
    default: 'requester',
    description:
      '`requester`: the body is the requester’s words (a phone call typed in); `note`: an internal note by the ' +
      'creating agent; `reply`: a public reply by the creating agent, emailed to the requester (an outbound ticket: ' +
      'their answer threads back into it)',
  })
  @IsOptional()
  @IsIn(FIRST_MESSAGE_KINDS)
  firstMessage?: FirstMessageKind;
  @ApiPropertyOptional({ enum: TICKET_PRIORITIES }) @IsOptional() @IsIn(TICKET_PRIORITIES) priority?: TicketPriority;
  @ApiPropertyOptional() @IsOptional() @IsInt() groupId?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() assigneeId?: number;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(normaliseTags)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  @Matches(TAG, { each: true, message: 'each tag must be a word of letters, digits and -_.:/' })
  tags?: string[];
  @ApiPropertyOptional({ description: 'The ticket form (its fields are shown to agents)' })
  @IsOptional()
  @IsInt()
  formId?: number;
  @ApiPropertyOptional(FIELDS_PROPERTY) @IsOptional() @IsObject() fields?: Record<string, unknown>;
}

export class UpdateTicketDto {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(500) subject?: string;
  @ApiPropertyOptional({ enum: TICKET_STATUSES }) @IsOptional() @IsIn(TICKET_STATUSES) status?: TicketStatus;
  @ApiPropertyOptional({ enum: TICKET_PRIORITIES }) @IsOptional() @IsIn(TICKET_PRIORITIES) priority?: TicketPriority;
  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  assigneeId?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  groupId?: number | null;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(normaliseTags)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  @Matches(TAG, { each: true, message: 'each tag must be a word of letters, digits and -_.:/' })
  tags?: string[];
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'The ticket form; null: none' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  formId?: number | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'The organization (a new ticket gets its requester’s); null: none',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  organizationId?: number | null;
  @ApiPropertyOptional({
    description:
      'Another customer as the requester; the ticket takes their organization unless organizationId is given',
  })
  @IsOptional()
  @IsInt()
  requesterId?: number;
  @ApiPropertyOptional({
    type: CustomerRefDto,
    description: 'The requester by address (a new address becomes a customer); not with requesterId',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerRefDto)
  requester?: CustomerRefDto;
  @ApiPropertyOptional(FIELDS_PROPERTY) @IsOptional() @IsObject() fields?: Record<string, unknown>;
}

export class AddMessageDto {
  @ApiProperty({
    description:
      'Plain text of the message; with bodyHtml, its text alternative (the text part of the mail), which the client ' +
      'writes from the same content',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(1_000_000)
  body: string;
  @ApiPropertyOptional({
    description:
      'The message as HTML (rich text). Sanitised like mail HTML before it is stored; images are kept only when they ' +
      'show an inline upload of yours (POST /attachments with inline: true) by its url, which then becomes the ' +
      'message’s inline image (sent as a cid: part). HTML that shows nothing after sanitising is ignored (text only).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1_000_000)
  bodyHtml?: string;
  @ApiPropertyOptional({ default: false, description: 'true for an internal note, false for a public reply' })
  @IsOptional()
  @IsBoolean()
  internal?: boolean;
  @ApiPropertyOptional({
    enum: TICKET_STATUSES,
    description: 'Status to set with this message ("send and set status")',
  })
  @IsOptional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;
  @ApiPropertyOptional({
    type: [Number],
    description: 'Ids of files uploaded with POST /attachments, sent with a public reply',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  attachmentIds?: number[];
  @ApiPropertyOptional({ type: [Number], description: 'Ids of agents to notify by email' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  mentions?: number[];
  @ApiPropertyOptional({
    type: [String],
    description:
      'A public reply’s Cc (RFC 5322 §3.6.3), at most 20 addresses: the ticket’s CC from now on (each becomes a ' +
      'customer follower; customer followers left out stop following). Absent: the followers as they are. Not on a note',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true, message: 'each cc must be an email address' })
  cc?: string[];
}

/** `POST /tickets/{id}/forward`: messages of the ticket mailed to a third party. */
export class ForwardDto {
  @ApiProperty({ type: [String], description: 'Recipients (1 to 20 addresses), none of this help desk' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true, message: 'each to must be an email address' })
  to: string[];
  @ApiPropertyOptional({ type: [String], description: 'Cc (at most 20 addresses)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true, message: 'each cc must be an email address' })
  cc?: string[];
  @ApiProperty({ description: 'The agent’s text, above the quoted messages' })
  @IsString()
  @MaxLength(1_000_000)
  body: string;
  @ApiPropertyOptional({
    type: [Number],
    description: 'Messages of this ticket quoted below the text, their files attached',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  messageIds?: number[];
  @ApiPropertyOptional({ type: [Number], description: 'Ids of files uploaded with POST /attachments, sent with it' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  attachmentIds?: number[];
}

export const TICKET_SORTS = ['updatedAt', 'createdAt', 'priority', 'number', 'status'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

export class ListTicketsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Comma-separated statuses', example: 'new,open' })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @IsIn(TICKET_STATUSES, { each: true })
  status?: TicketStatus[];

  @ApiPropertyOptional({ description: 'Comma-separated priorities', example: 'high,urgent' })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @IsIn(TICKET_PRIORITIES, { each: true })
  priority?: TicketPriority[];

  @ApiPropertyOptional({ description: 'A user id, `me` or `none`' })
  @IsOptional()
  @Matches(/^(me|none|\d+)$/, { message: 'assigneeId must be a user id, me or none' })
  assigneeId?: string;

  @ApiPropertyOptional({ description: 'A group id or `none`' })
  @IsOptional()
  @Matches(/^(none|\d+)$/, { message: 'groupId must be a group id or none' })
  groupId?: string;

  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() requesterId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @MaxLength(50)
  tag?: string;

  @ApiPropertyOptional({ description: 'The ticket with this number (as in [#number])' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  number?: number;

  @ApiPropertyOptional({ description: 'Tickets of this organization' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  organizationId?: number;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Only automatic mail (`true`: auto-replies, bounces, list mail) or only people’s tickets (`false`)',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  automatic?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Tickets this agent follows: a user id or `me`' })
  @IsOptional()
  @Matches(/^(me|\d+)$/, { message: 'followedBy must be a user id or me' })
  followedBy?: string;

  /**
   * Custom field filters, given as `field.<key>=…` query parameters (gathered here by
   * `gatherFieldFilters`): options comma-separated, `min..max` ranges for numbers and dates.
   */
  @ApiHideProperty()
  @IsOptional()
  @IsObject()
  @Validate(StringValues)
  fields?: Record<string, string>;

  @ApiPropertyOptional({
    description:
      'Search (newest matches first): words are full-text over subject, messages and textual fields; `#155` (or only `155`) is that ticket; ' +
      "an email address finds tickets it requested or is CC'd on; qualifiers `requester:`, `assignee:` (me, none, email, name), " +
      '`tag:`, `status:` (comma-separated), each with a word or a "quoted value"',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    enum: TICKET_SORTS,
    default: 'updatedAt',
    description:
      'priority and status sort by urgency (descending: urgent first; new, open, pending, on hold, solved, closed), then by last update',
  })
  @IsOptional()
  @IsIn(TICKET_SORTS)
  sort?: TicketSort;
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' }) @IsOptional() @IsIn(['asc', 'desc']) order?:
    'asc' | 'desc';
}

export class EventsQuery extends PageQuery {}

/** Query parameters `field.<key>` become `fields: {<key>: value}` (a value given twice: the last). */
export function gatherFieldFilters(query: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, string> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query)) {
    if (k.startsWith('field.')) fields[k.slice(6)] = Array.isArray(v) ? String(v[v.length - 1]) : String(v);
    else rest[k] = v;
  }
  return Object.keys(fields).length ? { ...rest, fields } : rest;
}
