import { IsEmailAddress } from '../common/is-email-address';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { USER_ROLES, UserRole } from '../common/roles';
import { TICKET_SCOPE_KINDS, TicketScopeKind } from '../common/ticket-scope';
import { TICKET_SCOPE_DESCRIPTION } from './user.view';

const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** What a user says about themselves in signatures: their title and their own signature (plain text). */
class SignatureFields {
  @ApiPropertyOptional({ description: 'Job title, for signatures ({{agent.title}})' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  title?: string;
  @ApiPropertyOptional({ description: 'Plain text, added to emailed replies above the mailbox signature' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  signature?: string;
}

export class CreateUserDto extends SignatureFields {
  @ApiProperty() @Transform(trimLower) @IsEmailAddress() @MaxLength(254) email: string;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ enum: USER_ROLES }) @IsIn(USER_ROLES) role: UserRole;
  @ApiPropertyOptional({
    minLength: 10,
    description: 'Left out, the user is invited: they get a link by mail to choose their password (valid 7 days)',
  })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password?: string;
  @ApiPropertyOptional({ enum: TICKET_SCOPE_KINDS, default: 'all', description: TICKET_SCOPE_DESCRIPTION })
  @IsOptional()
  @IsIn(TICKET_SCOPE_KINDS)
  ticketScope?: TicketScopeKind;
}

export class UpdateUserDto extends SignatureFields {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ enum: USER_ROLES }) @IsOptional() @IsIn(USER_ROLES) role?: UserRole;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ minLength: 10 }) @IsOptional() @IsString() @MinLength(10) @MaxLength(200) password?: string;
  @ApiPropertyOptional({ enum: TICKET_SCOPE_KINDS, description: TICKET_SCOPE_DESCRIPTION })
  @IsOptional()
  @IsIn(TICKET_SCOPE_KINDS)
  ticketScope?: TicketScopeKind;
}

export class UpdateMeDto extends SignatureFields {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) currentPassword?: string;
  @ApiPropertyOptional({ minLength: 10 }) @IsOptional() @IsString() @MinLength(10) @MaxLength(200) newPassword?: string;
}

export class LoginDto {
  @ApiProperty() @Transform(trimLower) @IsEmailAddress() @MaxLength(254) email: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) password: string;
}

export class PasswordResetRequestDto {
  @ApiProperty() @Transform(trimLower) @IsEmailAddress() @MaxLength(254) email: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The token of the set-password link' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token: string;
  @ApiProperty({ minLength: 10 }) @IsString() @MinLength(10) @MaxLength(200) password: string;
}
