import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { Tx } from '../database/transactions';

export interface WebhookRow {
  id: number;
  name: string;
  url: string;
  secret: string;
  events: string[];
  active: boolean;
  consecutive_failures: number;
  disabled_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export type DeliveryStatus = 'queued' | 'sending' | 'delivered' | 'failed';

export interface DeliveryRow {
  id: number;
  delivery_id: string;
  webhook_id: number;
  event: string;
  ticket_id: number | null;
  rule_id: number | null;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
  duration_ms: number | null;
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
}

/** A delivery with what sending it needs from its webhook. */
export interface SendableDeliveryRow extends DeliveryRow {
  url: string;
  secret: string;
  webhook_active: boolean;
  in_flight: boolean;
}

export interface NewDelivery {
  deliveryId: string;
  webhookId: number;
  event: string;
  ticketId: number | null;
  ruleId: number | null;
  body: string;
}

/** `webhooks` and their delivery log `webhook_deliveries` (the webhook outbox). */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly sql: Sql) {}

  list(): Promise<WebhookRow[]> {
    return this.sql.rows(`SELECT * FROM webhooks ORDER BY lower(name), id`);
  }

  /** Active webhooks subscribed to at least one event (read on `tx` when given). */
  subscribed(tx?: Tx): Promise<WebhookRow[]> {
    return this.sql.rows(`SELECT * FROM webhooks WHERE active AND cardinality(events) > 0 ORDER BY id`, [], tx);
  }

  find(id: number, tx?: Tx): Promise<WebhookRow | undefined> {
    return this.sql.row(`SELECT * FROM webhooks WHERE id = $1`, [id], tx);
  }

  /** Which of these ids are webhooks. */
  async existing(ids: number[]): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(`SELECT id FROM webhooks WHERE id = ANY($1::bigint[])`, [ids]);
    return rows.map((r) => r.id);
  }

  async insert(w: { name: string; url: string; secret: string; events: string[] }): Promise<WebhookRow> {
    return (await this.sql.row<WebhookRow>(
      `INSERT INTO webhooks (name, url, secret, events) VALUES ($1, $2, $3, $4) RETURNING *`,
      [w.name, w.url, w.secret, w.events],
    ))!;
  }

  /** Changes the given fields; activating clears the failure count and the notice. */
  update(
    id: number,
    w: { name?: string; url?: string; secret?: string; events?: string[]; active?: boolean },
  ): Promise<WebhookRow | undefined> {
    return this.sql.row(
      `UPDATE webhooks SET name = coalesce($2, name), url = coalesce($3, url), secret = coalesce($4, secret),
              events = coalesce($5, events), active = coalesce($6, active),
              consecutive_failures = CASE WHEN $6 THEN 0 ELSE consecutive_failures END,
              disabled_reason = CASE WHEN $6 THEN NULL ELSE disabled_reason END, updated_at = now()
        WHERE id = $1 RETURNING *`,
      [id, w.name ?? null, w.url ?? null, w.secret ?? null, w.events ?? null, w.active ?? null],
    );
  }

  async delete(id: number): Promise<boolean> {
    return (await this.sql.execute(`DELETE FROM webhooks WHERE id = $1`, [id])) > 0;
  }

  /** Writes deliveries in one statement, in the caller's transaction; returns their row ids. */
  async insertDeliveries(tx: Tx | undefined, d: NewDelivery[]): Promise<number[]> {
    if (!d.length) return [];
    const rows = await this.sql.rows<{ id: number }>(
      `INSERT INTO webhook_deliveries (delivery_id, webhook_id, event, ticket_id, rule_id, body)
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::text[])
       RETURNING id`,
      [
        d.map((x) => x.deliveryId),
        d.map((x) => x.webhookId),
        d.map((x) => x.event),
        d.map((x) => x.ticketId),
        d.map((x) => x.ruleId),
        d.map((x) => x.body),
      ],
      tx,
    );
    return rows.map((r) => r.id);
  }

  /** A page of a webhook's deliveries, newest first: rows below `beforeId`. */
  deliveries(webhookId: number, beforeId: number, limit: number): Promise<DeliveryRow[]> {
    return this.sql.rows(
      `SELECT * FROM webhook_deliveries WHERE webhook_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3`,
      [webhookId, beforeId, limit],
    );
  }

  delivery(id: number): Promise<DeliveryRow | undefined> {
    return this.sql.row(`SELECT * FROM webhook_deliveries WHERE id = $1`, [id]);
  }

  forSending(id: number, leaseSeconds: number): Promise<SendableDeliveryRow | undefined> {
    return this.sql.row(
      `SELECT d.*, w.url, w.secret, w.active AS webhook_active,
              (d.status = 'sending' AND d.sending_started_at > now() - make_interval(secs => $2)) AS in_flight
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = $1`,
      [id, leaseSeconds],
    );
  }

  /** Claims a delivery for one attempt; its number, or null when another attempt holds it. */
  async claim(id: number, leaseSeconds: number): Promise<number | null> {
    const row = await this.sql.row<{ attempts: number }>(
      `UPDATE webhook_deliveries SET status = 'sending', attempts = attempts + 1, sending_started_at = now(), updated_at = now()
        WHERE id = $1 AND (status = 'queued' OR (status = 'sending' AND sending_started_at <= now() - make_interval(secs => $2)))
        RETURNING attempts`,
      [id, leaseSeconds],
    );
    return row?.attempts ?? null;
  }

  /** Records an attempt's outcome: delivered, failed for good, or queued again at `nextAttemptAt`. */
  async finish(
    id: number,
    o: {
      status: DeliveryStatus;
      responseStatus: number | null;
      responseBody: string | null;
      error: string | null;
      ms: number;
      nextAttemptAt?: Date;
    },
  ): Promise<void> {
    await this.sql.execute(
      `UPDATE webhook_deliveries SET status = $2, response_status = $3, response_body = $4, error = $5, duration_ms = $6,
              next_attempt_at = coalesce($7, next_attempt_at), updated_at = now(),
              delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END
        WHERE id = $1 AND status = 'sending'`,
      [id, o.status, o.responseStatus, o.responseBody, o.error, o.ms, o.nextAttemptAt ?? null],
    );
  }

  /** Counts a failed attempt against the webhook (a success resets it); returns the count in a row. */
  async countOutcome(webhookId: number, ok: boolean): Promise<number> {
    const row = await this.sql.row<{ n: number }>(
      `UPDATE webhooks SET consecutive_failures = CASE WHEN $2 THEN 0 ELSE consecutive_failures + 1 END
        WHERE id = $1 RETURNING consecutive_failures AS n`,
      [webhookId, ok],
    );
    return row?.n ?? 0;
  }

  /** Turns a webhook off with a notice, and fails what waits for it. */
  async disable(webhookId: number, reason: string): Promise<void> {
    await this.sql.execute(
      `WITH w AS (UPDATE webhooks SET active = false, disabled_reason = $2, updated_at = now() WHERE id = $1 AND active)
       UPDATE webhook_deliveries SET status = 'failed', error = $2, updated_at = now() WHERE webhook_id = $1 AND status = 'queued'`,
      [webhookId, reason],
    );
  }

  /** Queued deliveries whose time has come and that a lost job or a crash left behind. */
  async due(tx: Tx, unqueuedSeconds: number, leaseSeconds: number): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(
      `SELECT id FROM webhook_deliveries
        WHERE (status = 'queued' AND next_attempt_at < now() - make_interval(secs => $1))
           OR (status = 'sending' AND sending_started_at < now() - make_interval(secs => $2))
        ORDER BY id LIMIT 1000`,
      [unqueuedSeconds, leaseSeconds],
      tx,
    );
    return rows.map((r) => r.id);
  }

  /** A failed delivery, queued again by an admin; false unless it had failed. */
  async retry(id: number): Promise<boolean> {
    return (
      (await this.sql.execute(
        `UPDATE webhook_deliveries SET status = 'queued', next_attempt_at = now(), attempts = 0, updated_at = now()
          WHERE id = $1 AND status = 'failed'`,
        [id],
      )) > 0
    );
  }
}
