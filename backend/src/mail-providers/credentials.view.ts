import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// The credentials a mailbox's source and transport share, as the API shows and takes them.

/** An OAuth2 grant as it reads back: never its client secret or refresh token. */
export class OAuth2GrantView {
  @ApiProperty() tokenUrl!: string;
  @ApiProperty() clientId!: string;
  @ApiProperty({ type: String, nullable: true }) scope!: string | null;
  @ApiProperty({ enum: ['refresh_token', 'client_credentials'] }) grant!: 'refresh_token' | 'client_credentials';
}

/** An OAuth2 grant for SASL XOAUTH2 (IMAP, SMTP). */
export class OAuth2GrantInput {
  @ApiProperty({ example: 'https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token' }) tokenUrl!: string;
  @ApiProperty() clientId!: string;
  @ApiPropertyOptional({ description: 'Secret; write-only' }) clientSecret?: string;
  @ApiPropertyOptional({ description: "A user's refresh token (else: client credentials). Secret; write-only" })
  refreshToken?: string;
  @ApiPropertyOptional({ example: 'https://outlook.office365.com/.default' }) scope?: string;
}

/** A Google user's OAuth2 grant (Gmail API). */
export class GmailOAuth2Input {
  @ApiProperty() clientId!: string;
  @ApiPropertyOptional({ description: 'Secret; write-only' }) clientSecret?: string;
  @ApiPropertyOptional({ description: 'Secret; write-only' }) refreshToken?: string;
}
