import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { Tx } from '../database/transactions';
import type { FieldType, FieldValue, FieldValues } from '../custom-fields/field-types';

/** A stored value with its field's key and type (a multiselect has a row per option). */
interface ValueRow {
  ticket_id: number;
  key: string;
  type: FieldType;
  text_value: string | null;
  number_value: string | null;
  date_value: string | null;
  bool_value: boolean | null;
  long_text: string | null;
}

/** A field's new value for a ticket (null: none). */
export interface FieldWrite {
  fieldId: number;
  type: FieldType;
  value: FieldValue | null;
}

/** The column a value of this type is stored in (see the TicketModel migration). */
const COLUMN_OF: Record<FieldType, 'text_value' | 'number_value' | 'date_value' | 'bool_value' | 'long_text'> = {
  text: 'text_value',
  regex: 'text_value',
  dropdown: 'text_value',
  multiselect: 'text_value',
  textarea: 'long_text',
  number: 'number_value',
  decimal: 'number_value',
  date: 'date_value',
  checkbox: 'bool_value',
};

/** Values grouped by ticket and key, in the API's spelling (numbers as numbers, dates as YYYY-MM-DD). */
function toValues(rows: ValueRow[]): Map<number, FieldValues> {
  const out = new Map<number, FieldValues>();
  for (const r of rows) {
    const values = out.get(r.ticket_id) ?? {};
    out.set(r.ticket_id, values);
    if (r.type === 'multiselect') values[r.key] ??= [] as string[];
    const v = r[COLUMN_OF[r.type]];
    if (r.type === 'multiselect') (values[r.key] as string[]).push(v as string);
    else values[r.key] = r.type === 'number' || r.type === 'decimal' ? Number(v) : (v as FieldValue);
  }
  return out;
}

/**
 * Ticket custom field values, `ticket_field_values`: one row per value, its column by
 * type, so filters are index ranges (`ticket-list.query.ts`). Written by the ticket domain
 * service only; a trigger keeps textual values in the ticket's search vector.
 */
@Injectable()
export class TicketFieldValuesRepository {
  constructor(private readonly sql: Sql) {}

  /** `{<key>: value}` of one ticket. */
  async of(ticketId: number, tx?: Tx): Promise<FieldValues> {
    return (await this.ofMany([ticketId], tx)).get(ticketId) ?? {};
  }

  async ofMany(ticketIds: number[], tx?: Tx): Promise<Map<number, FieldValues>> {
    const rows = await this.sql.rows<ValueRow>(
      `SELECT v.ticket_id, f.key, f.type, v.text_value, v.number_value::text, v.date_value::text, v.bool_value, v.long_text
         FROM ticket_field_values v JOIN custom_fields f ON f.id = v.field_id
        WHERE v.ticket_id = ANY($1::bigint[]) ORDER BY v.ticket_id, f.position, f.id, v.text_value`,
      [ticketIds],
      tx,
    );
    return toValues(rows);
  }

  /**
   * Sets fields of a ticket: their rows are replaced by the new values, in two
   * statements (none to delete on a new ticket). A multiselect takes a row per option.
   */
  async write(tx: Tx, ticketId: number, writes: FieldWrite[], isNew = false): Promise<void> {
    if (!writes.length) return;
    if (!isNew)
      await this.sql.execute(
        `DELETE FROM ticket_field_values WHERE ticket_id = $1 AND field_id = ANY($2::bigint[])`,
        [ticketId, writes.map((w) => w.fieldId)],
        tx,
      );
    const rows = writes.flatMap((w) =>
      w.value === null ? [] : (Array.isArray(w.value) ? w.value : [w.value]).map((v) => ({ w, v })),
    );
    if (!rows.length) return;
    const column = (name: string) => rows.map(({ w, v }) => (COLUMN_OF[w.type] === name ? v : null));
    await this.sql.execute(
      `INSERT INTO ticket_field_values (ticket_id, field_id, text_value, number_value, date_value, bool_value, long_text)
       SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::numeric[], $5::date[], $6::boolean[], $7::text[])`,
      [
        ticketId,
        rows.map(({ w }) => w.fieldId),
        column('text_value'),
        column('number_value'),
        column('date_value'),
        column('bool_value'),
        column('long_text'),
      ],
      tx,
    );
  }
}
