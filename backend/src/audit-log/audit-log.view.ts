import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';

/** One admin action. Secrets in `changes` are `***`. */
export class AuditLogEntryView {
  @ApiProperty() id!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The admin who acted' }) actorId!: number | null;
  @ApiProperty({ description: '`<target>.<verb>`, e.g. user.update, sso_provider.create, licence.install' })
  action!: string;
  @ApiProperty({ description: 'user, group, mailbox, relay, mail_template, sso_provider, licence, …' })
  targetType!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null for a singleton (relay, licence, a policy)' })
  targetId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: { before: {}, after: {} },
    },
    description: 'Changed fields: `{field: {before, after}}`',
  })
  changes!: Record<string, { before: unknown; after: unknown }>;
  @ApiProperty({ type: String, nullable: true, description: 'Client IP (per HELPDESK_TRUST_PROXY)' }) ip!:
    string | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
}
