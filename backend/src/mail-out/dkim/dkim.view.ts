import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DATE_TIME } from '../../common/api-schema';

/** A domain's DKIM key as admins see it: what to publish in DNS, never the private key. */
export class DkimKeyView {
  @ApiProperty({ example: 'example.com', description: 'Mail whose From address is in this domain is signed' })
  domain!: string;
  @ApiProperty({ example: 'helpdesk' }) selector!: string;
  @ApiProperty({ enum: ['rsa', 'ed25519'] }) algorithm!: 'rsa' | 'ed25519';
  @ApiProperty({ example: 'helpdesk._domainkey.example.com', description: 'Where the TXT record goes' })
  dnsName!: string;
  @ApiProperty({ example: 'v=DKIM1; k=rsa; p=MIIBIjANBg…', description: 'The TXT record to publish (RFC 6376 3.6.1)' })
  dnsValue!: string;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

/** A selector is a DNS label (or several, dot-separated): RFC 6376 section 3.1. */
const SELECTOR = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export class SetDkimKeyDto {
  @ApiProperty({ example: 'helpdesk', description: 'The selector (s=) the public key is published under' })
  @IsString()
  @MaxLength(63)
  @Matches(SELECTOR, { message: 'selector must be a DNS label (letters, digits, hyphens)' })
  selector!: string;
  @ApiPropertyOptional({
    description:
      'PEM private key (RSA of at least 1024 bits, or Ed25519), e.g. from a Kubernetes Secret; write-only. ' +
      'Left out: the help desk generates an RSA 2048 key',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  privateKey?: string;
}
