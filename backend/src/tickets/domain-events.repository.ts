import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { Tx } from '../database/transactions';
import { StoredEvent, TicketEvent } from './ticket-events';

interface DomainEventRow {
  id: number;
  type: TicketEvent['type'];
  ticket_id: number;
  payload: Record<string, unknown>;
  cause: TicketEvent['cause'];
  created_at: Date;
}

const fromRow = (r: DomainEventRow) =>
  ({
    ...r.payload,
    id: r.id,
    type: r.type,
    ticketId: r.ticket_id,
    cause: r.cause,
    createdAt: r.created_at,
  }) as StoredEvent;

/**
 * `domain_events`: every ticket event, stored in the transaction of its change, so
 * consumers that must never miss one (triggers, webhooks, SLA timers) read them from here
 * by id, after the last one they handled.
 */
@Injectable()
export class DomainEventsRepository {
  constructor(private readonly sql: Sql) {}

  /** Stores the events in one statement, in order; returns them with their ids. */
  async append(tx: Tx, events: readonly TicketEvent[]): Promise<StoredEvent[]> {
    const payloads = events.map(({ type: _t, ticketId: _i, cause: _c, ...payload }) => JSON.stringify(payload));
    const rows = await this.sql.rows<{ id: number; created_at: Date }>(
      `INSERT INTO domain_events (type, ticket_id, payload, cause)
       SELECT type, ticket_id, payload, cause
         FROM unnest($1::text[], $2::bigint[], $3::jsonb[], $4::jsonb[]) WITH ORDINALITY AS e(type, ticket_id, payload, cause, n)
        ORDER BY n
       RETURNING id, created_at`,
      [events.map((e) => e.type), events.map((e) => e.ticketId), payloads, events.map((e) => JSON.stringify(e.cause))],
      tx,
    );
    // Identity values follow the insertion order, which ORDER BY n fixes.
    const ids = rows.sort((a, b) => a.id - b.id);
    return events.map((e, i) => ({ ...e, id: ids[i].id, createdAt: ids[i].created_at }));
  }

  /** Events after `afterId`, oldest first: what a durable consumer has not handled yet. */
  async after(afterId: number, limit: number): Promise<StoredEvent[]> {
    const rows = await this.sql.rows<DomainEventRow>(`SELECT * FROM domain_events WHERE id > $1 ORDER BY id LIMIT $2`, [
      afterId,
      limit,
    ]);
    return rows.map(fromRow);
  }

  /** These events, oldest first (what one trigger run covers). */
  async byIds(ids: number[], tx?: Tx): Promise<StoredEvent[]> {
    const rows = await this.sql.rows<DomainEventRow>(
      `SELECT * FROM domain_events WHERE id = ANY($1::bigint[]) ORDER BY id`,
      [ids],
      tx,
    );
    return rows.map(fromRow);
  }

  /** The newest events, newest first (a trigger's dry run). */
  async latest(limit: number): Promise<StoredEvent[]> {
    const rows = await this.sql.rows<DomainEventRow>(`SELECT * FROM domain_events ORDER BY id DESC LIMIT $1`, [limit]);
    return rows.map(fromRow);
  }

  /** A ticket's events, oldest first. */
  async forTicket(ticketId: number): Promise<StoredEvent[]> {
    const rows = await this.sql.rows<DomainEventRow>(`SELECT * FROM domain_events WHERE ticket_id = $1 ORDER BY id`, [
      ticketId,
    ]);
    return rows.map(fromRow);
  }
}
