import { Injectable } from '@nestjs/common';
import { scopeSql, TicketScope } from '../common/ticket-scope';
import { Sql } from '../database/sql';

/** Reads the stored HTML a remote image comes from. */
@Injectable()
export class RemoteImagesRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * The ticket if `scope` reaches it and it is not deleted (else undefined), with the
   * message's sanitised HTML (`found: false` when the ticket has no such message).
   */
  async messageHtml(
    ticketId: number,
    messageId: number,
    scope: TicketScope,
  ): Promise<{ found: boolean; bodyHtml: string | null } | undefined> {
    const values: unknown[] = [ticketId, messageId];
    const inScope = scopeSql(scope, 't', (v) => `$${values.push(v)}`);
    const row = await this.sql.row<{ found: boolean; body_html: string | null }>(
      `SELECT m.id IS NOT NULL AS found, m.body_html FROM tickets t
         LEFT JOIN messages m ON m.ticket_id = t.id AND m.id = $2
        WHERE t.id = $1 AND t.deleted_at IS NULL${inScope ? ` AND ${inScope}` : ''}`,
      values,
    );
    return row && { found: row.found, bodyHtml: row.body_html };
  }
}
