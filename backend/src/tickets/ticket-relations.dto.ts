import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsEmailAddress } from '../common/is-email-address';
import { normaliseEmail } from '../customers/customers.dto';
import { EDITABLE_LINK_KINDS, EditableLinkKind } from './ticket.constants';

export class MergeTicketsDto {
  @ApiProperty({ type: [Number], description: 'Tickets to merge into this one (they close)', maxItems: 50 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  sourceIds: number[];
}

export class SplitMessageDto {
  @ApiPropertyOptional({ description: 'The new ticket’s subject (default: this ticket’s)' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  subject?: string;
}

export class AddLinkDto {
  @ApiProperty({ description: 'The other ticket' }) @IsInt() ticketId: number;
  @ApiProperty({
    enum: EDITABLE_LINK_KINDS,
    enumName: 'EditableLinkKind',
    description: 'related; duplicate_of: this ticket duplicates the other; follow_up: this ticket follows up the other',
  })
  @IsIn(EDITABLE_LINK_KINDS)
  kind: EditableLinkKind;
}

/** Who to add as a follower: an agent (`userId`; none given: yourself) or a customer (`customerId` or `email`). */
export class AddFollowerDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() userId?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() customerId?: number;
  @ApiPropertyOptional({ description: 'A customer’s address (created if new)' })
  @IsOptional()
  @Transform(normaliseEmail)
  @IsEmailAddress()
  @MaxLength(254)
  email?: string;
  @ApiPropertyOptional({ description: 'With `email`: the name of a new customer' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

/** Who stops following: an agent (`userId`; none given: yourself) or a customer (`customerId`). */
export class RemoveFollowerQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() userId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() customerId?: number;
}
