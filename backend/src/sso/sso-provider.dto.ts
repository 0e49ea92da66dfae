import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lowerDomains = ({ value }: { value: unknown }) =>
  Array.isArray(value)
    ? value.map((d) => (typeof d === 'string' ? d.trim().toLowerCase().replace(/^@/, '') : d))
    : value;

export class CreateSsoProviderDto {
  @ApiProperty({ description: 'Shown on the sign-in page as "Sign in with <name>"' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({
    description:
      'Issuer URL; its /.well-known/openid-configuration is read (https, or http on a loopback address for testing)',
  })
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  issuer: string;

  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(500) clientId: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Write-only: stored encrypted, never returned. Null or absent: a public client (PKCE only)',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  clientSecret?: string | null;

  @ApiPropertyOptional({
    default: 'email',
    description: 'The ID token claim that carries the email (e.g. email, preferred_username, upn)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_:.\-/]{1,100}$/)
  emailClaim?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Only these email domains may sign in through this provider; empty: any',
  })
  @IsOptional()
  @Transform(lowerDomains)
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, { each: true, message: 'each of allowedDomains must be a domain name' })
  allowedDomains?: string[];

  @ApiPropertyOptional({
    default: false,
    description:
      'Unknown people who sign in become agents (within the licence seats); otherwise an admin creates them first',
  })
  @IsOptional()
  @IsBoolean()
  autoCreateAgents?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'The only way in for agents (password sign-in stays for admins, as a break-glass path)',
  })
  @IsOptional()
  @IsBoolean()
  enforced?: boolean;
}

export class UpdateSsoProviderDto extends PartialType(CreateSsoProviderDto) {}
