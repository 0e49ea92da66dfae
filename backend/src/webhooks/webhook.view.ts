import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';
import { DeliveryRow, WebhookRow } from './webhooks.repository';

export class WebhookView {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) events!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'Failed attempts in a row (a success resets it)' }) consecutiveFailures!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was turned off automatically' })
  disabledReason!: string | null;
  @ApiProperty({ description: 'A secret is set (it is never returned)' }) secretSet!: boolean;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

export class WebhookDeliveryView {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'Sent as X-Helpdesk-Delivery and in the body: receivers deduplicate on it' })
  deliveryId!: string;
  @ApiProperty() webhookId!: number;
  @ApiProperty({ description: 'ticket.created, ticket.updated, message.created, rule or ping' }) event!: string;
  @ApiProperty({ type: Number, nullable: true }) ticketId!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The rule whose action called it' }) ruleId!: number | null;
  @ApiProperty({ enum: ['queued', 'sending', 'delivered', 'failed'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: Number, nullable: true }) responseStatus!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The start of the receiver’s answer' })
  responseBody!: string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
  @ApiProperty({ description: 'The JSON sent' }) body!: string;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
  @ApiProperty({ ...DATE_TIME, nullable: true }) deliveredAt!: string | null;
}

export const toWebhookView = (r: WebhookRow): WebhookView => ({
  id: r.id,
  name: r.name,
  url: r.url,
  events: r.events,
  active: r.active,
  consecutiveFailures: r.consecutive_failures,
  disabledReason: r.disabled_reason,
  secretSet: r.secret.length > 0,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const toDeliveryView = (r: DeliveryRow): WebhookDeliveryView => ({
  id: r.id,
  deliveryId: r.delivery_id,
  webhookId: r.webhook_id,
  event: r.event,
  ticketId: r.ticket_id,
  ruleId: r.rule_id,
  status: r.status,
  attempts: r.attempts,
  responseStatus: r.response_status,
  responseBody: r.response_body,
  error: r.error,
  durationMs: r.duration_ms,
  body: r.body,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  deliveredAt: r.delivered_at?.toISOString() ?? null,
});
