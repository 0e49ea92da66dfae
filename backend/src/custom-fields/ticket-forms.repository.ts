import { Injectable } from '@nestjs/common';
import { assignments, Sql } from '../database/sql';
import { Tx } from '../database/transactions';

/** A ticket form as stored. */
export interface TicketFormRow {
  id: number;
  name: string;
  description: string;
  field_ids: number[];
  visible_to_customers: boolean;
  active: boolean;
  position: number;
  created_at: Date;
  updated_at: Date;
}

export interface TicketFormColumns {
  name?: string;
  description?: string;
  field_ids?: number[];
  visible_to_customers?: boolean;
  active?: boolean;
  position?: number;
}

// Ids as numbers: pg parses bigint, not bigint[] (data-source.ts).
const COLUMNS = `id, name, description, field_ids::float8[] AS field_ids, visible_to_customers, active,
  position, created_at, updated_at`;

/** `ticket_forms`: named, ordered sets of ticket fields ("Billing question", "Bug report"). */
@Injectable()
export class TicketFormsRepository {
  constructor(private readonly sql: Sql) {}

  list(tx?: Tx): Promise<TicketFormRow[]> {
    return this.sql.rows(`SELECT ${COLUMNS} FROM ticket_forms ORDER BY position, id`, [], tx);
  }

  find(id: number, tx?: Tx): Promise<TicketFormRow | undefined> {
    return this.sql.row(`SELECT ${COLUMNS} FROM ticket_forms WHERE id = $1`, [id], tx);
  }

  async nameTaken(name: string, exceptId: number | null, tx: Tx): Promise<boolean> {
    return !!(await this.sql.row(
      `SELECT 1 FROM ticket_forms WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2`,
      [name, exceptId],
      tx,
    ));
  }

  async insert(tx: Tx, f: TicketFormColumns & { name: string }): Promise<number> {
    const row = await this.sql.row<{ id: number }>(
      `INSERT INTO ticket_forms (name, description, field_ids, visible_to_customers, active, position)
       VALUES ($1, $2, $3, $4, $5, coalesce($6, (SELECT coalesce(max(position) + 1, 0) FROM ticket_forms))) RETURNING id`,
      [
        f.name,
        f.description ?? '',
        f.field_ids ?? [],
        f.visible_to_customers ?? false,
        f.active ?? true,
        f.position ?? null,
      ],
      tx,
    );
    return row!.id;
  }

  async update(tx: Tx, id: number, set: TicketFormColumns): Promise<void> {
    const columns = assignments({ ...set }, 2);
    await this.sql.execute(
      `UPDATE ticket_forms SET ${[...columns.sql, 'updated_at = now()'].join(', ')} WHERE id = $1`,
      [id, ...columns.values],
      tx,
    );
  }
}
