import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';
import type { AuditLogRow } from './audit-log.repository';

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

/** Dates stay Date objects here (they reach JSON as ISO strings), so this is not typed as AuditLogEntryView. */
export const toAuditLogEntryView = (r: AuditLogRow) => ({
  id: r.id,
  actorId: r.actor_id,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  changes: r.changes,
  ip: r.ip,
  createdAt: r.created_at,
});
