import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { GmailOAuth2Input, OAuth2GrantInput, OAuth2GrantView } from '../../mail-providers/credentials.view';
import { SMTP_TLS, SmtpTls, TransportSettings } from './transport-settings';

// How a mailbox sends, as the API shows it (never a secret) and takes it.

export class SmtpTransportView {
  @ApiProperty({ enum: ['smtp'] }) type!: 'smtp';
  @ApiProperty() host!: string;
  @ApiProperty() port!: number;
  @ApiProperty({ enum: SMTP_TLS, enumName: 'SmtpTls' }) tls!: SmtpTls;
  @ApiProperty() user!: string;
  @ApiProperty({ enum: ['password', 'oauth2'], description: 'A password or an OAuth2 grant (SASL XOAUTH2)' })
  auth!: 'password' | 'oauth2';
  @ApiProperty({ type: OAuth2GrantView, nullable: true }) oauth2!: OAuth2GrantView | null;
}

export class Microsoft365TransportView {
  @ApiProperty({ enum: ['microsoft365'] }) type!: 'microsoft365';
  @ApiProperty() tenant!: string;
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'The mailbox Microsoft Graph sends as' }) address!: string;
  @ApiProperty({ enum: ['secret', 'certificate'] }) auth!: 'secret' | 'certificate';
}

export class GmailTransportView {
  @ApiProperty({ enum: ['gmail'] }) type!: 'gmail';
  @ApiProperty() address!: string;
  @ApiProperty({ enum: ['serviceAccount', 'oauth2'] }) auth!: 'serviceAccount' | 'oauth2';
  @ApiProperty({ type: String, nullable: true, description: 'The service account (domain-wide delegation)' })
  clientEmail!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The OAuth2 client of a user grant' })
  clientId!: string | null;
}

export type MailTransportView = SmtpTransportView | Microsoft365TransportView | GmailTransportView;

/** The `transport` property of a mailbox, for `@ApiProperty` (the classes go in `@ApiExtraModels`). */
export const TRANSPORT_VIEW_SCHEMA = {
  oneOf: [SmtpTransportView, Microsoft365TransportView, GmailTransportView].map((c) => ({ $ref: getSchemaPath(c) })),
  nullable: true,
  description: 'How the mailbox sends; null: through the global relay',
};
export const TRANSPORT_VIEW_MODELS = [SmtpTransportView, Microsoft365TransportView, GmailTransportView];

/** The settings as the API shows them: they hold no secret (those are stored apart, sealed). */
export function toTransportView(s: TransportSettings): MailTransportView {
  if (s.type === 'smtp') {
    const { type, host, port, tls, user, auth, oauth2 } = s;
    return { type, host, port, tls, user, auth, oauth2 };
  }
  if (s.type === 'microsoft365') {
    const { type, tenant, clientId, address, auth } = s;
    return { type, tenant, clientId, address, auth };
  }
  const { type, address, auth, clientEmail, clientId } = s;
  return { type, address, auth, clientEmail, clientId };
}

// ---- Input shapes, for the OpenAPI document (validated by parseTransportInput) ----

export class SmtpTransportInput {
  @ApiProperty({ enum: ['smtp'] }) type!: 'smtp';
  @ApiProperty({ example: 'smtp.example.com' }) host!: string;
  @ApiPropertyOptional({ description: 'Default 465 with implicit TLS, else 587' }) port?: number;
  @ApiProperty({ enum: SMTP_TLS, enumName: 'SmtpTls' }) tls!: SmtpTls;
  @ApiProperty() user!: string;
  @ApiPropertyOptional({
    description: 'Secret; write-only. Leave out on an update to keep the stored one; or give oauth2 instead',
  })
  password?: string;
  @ApiPropertyOptional({
    type: OAuth2GrantInput,
    description: 'An OAuth2 grant for SASL XOAUTH2, instead of a password',
  })
  oauth2?: OAuth2GrantInput;
}

export class Microsoft365TransportInput {
  @ApiProperty({ enum: ['microsoft365'] }) type!: 'microsoft365';
  @ApiProperty({ description: 'Directory (tenant) id or domain' }) tenant!: string;
  @ApiProperty({ description: 'Application (client) id of the app registration (Mail.Send, application)' })
  clientId!: string;
  @ApiPropertyOptional({ description: 'Client secret; write-only. Or certificate' }) clientSecret?: string;
  @ApiPropertyOptional({ description: 'PEM certificate and its private key; write-only. Or clientSecret' })
  certificate?: string;
  @ApiProperty({ example: 'support@example.com', description: 'The mailbox to send as' }) address!: string;
}

export class GmailTransportInput {
  @ApiProperty({ enum: ['gmail'] }) type!: 'gmail';
  @ApiProperty({ example: 'support@example.com' }) address!: string;
  @ApiPropertyOptional({
    description: 'The JSON key file of a service account with domain-wide delegation (scope gmail.send); write-only',
  })
  serviceAccountKey?: string;
  @ApiPropertyOptional({ type: GmailOAuth2Input, description: "A user's OAuth2 grant instead of a service account" })
  oauth2?: GmailOAuth2Input;
}

export const TRANSPORT_INPUT_MODELS = [SmtpTransportInput, Microsoft365TransportInput, GmailTransportInput];
export const TRANSPORT_INPUT_SCHEMA = {
  oneOf: TRANSPORT_INPUT_MODELS.map((c) => ({ $ref: getSchemaPath(c) })),
  nullable: true,
  description: 'Send through SMTP, Microsoft 365 or Gmail as this mailbox; null: through the global relay',
};
