import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';

/** An OpenID Connect provider as admins see it; the client secret is write-only. */
export class SsoProviderView {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'A client secret is stored (it is never returned)' }) clientSecretSet!: boolean;
  @ApiProperty() emailClaim!: string;
  @ApiProperty({ type: [String] }) allowedDomains!: string[];
  @ApiProperty() autoCreateAgents!: boolean;
  @ApiProperty() enforced!: boolean;
  @ApiProperty({ description: 'The redirect URI to register at the provider' }) redirectUri!: string;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

/** What the sign-in page shows without a session. */
export class PublicSsoProviderView {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'Shown as "Sign in with <name>"' }) name!: string;
  @ApiProperty({ description: 'Agents can only sign in this way' }) enforced!: boolean;
  @ApiProperty({ description: 'Where the browser goes to sign in (GET)' }) startUrl!: string;
}
