import { Injectable } from '@nestjs/common';
import { assignments, Sql } from '../database/sql';
import { Tx } from '../database/transactions';
import { FieldDefinition, FieldEntity, FieldOption, FieldType } from './field-types';

/** A custom field as stored. */
export interface CustomFieldRow {
  id: number;
  entity: FieldEntity;
  key: string;
  label: string;
  description: string;
  type: FieldType;
  options: FieldOption[];
  pattern: string | null;
  visible_to_customers: boolean;
  required_to_solve: boolean;
  active: boolean;
  position: number;
  created_at: Date;
  updated_at: Date;
}

/** What an admin may set on a field (key, entity and type are fixed once it exists). */
export interface CustomFieldColumns {
  label?: string;
  description?: string;
  options?: FieldOption[];
  pattern?: string | null;
  visible_to_customers?: boolean;
  required_to_solve?: boolean;
  active?: boolean;
  position?: number;
}

export const toDefinition = (r: CustomFieldRow): FieldDefinition => ({
  id: r.id,
  entity: r.entity,
  key: r.key,
  label: r.label,
  type: r.type,
  options: r.options,
  pattern: r.pattern,
  visibleToCustomers: r.visible_to_customers,
  requiredToSolve: r.required_to_solve,
  active: r.active,
});

const COLUMNS = `id, entity, key, label, description, type, options, pattern, visible_to_customers, required_to_solve, active,
  position, created_at, updated_at`;

/** `custom_fields`: the fields admins define for tickets, customers and organizations. */
@Injectable()
export class CustomFieldsRepository {
  constructor(private readonly sql: Sql) {}

  /** Every field of an entity, active or not, in display order. */
  list(entity: FieldEntity, tx?: Tx): Promise<CustomFieldRow[]> {
    return this.sql.rows(`SELECT ${COLUMNS} FROM custom_fields WHERE entity = $1 ORDER BY position, id`, [entity], tx);
  }

  find(entity: FieldEntity, id: number, tx?: Tx): Promise<CustomFieldRow | undefined> {
    return this.sql.row(`SELECT ${COLUMNS} FROM custom_fields WHERE entity = $1 AND id = $2`, [entity, id], tx);
  }

  async insert(
    tx: Tx,
    f: { entity: FieldEntity; key: string; label: string; type: FieldType } & CustomFieldColumns,
  ): Promise<number> {
    const row = await this.sql.row<{ id: number }>(
      `INSERT INTO custom_fields (entity, key, label, description, type, options, pattern, visible_to_customers, required_to_solve,
         active, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11, (SELECT coalesce(max(position) + 1, 0) FROM custom_fields WHERE entity = $1)))
       RETURNING id`,
      [
        f.entity,
        f.key,
        f.label,
        f.description ?? '',
        f.type,
        JSON.stringify(f.options ?? []),
        f.pattern ?? null,
        f.visible_to_customers ?? false,
        f.required_to_solve ?? false,
        f.active ?? true,
        f.position ?? null,
      ],
      tx,
    );
    return row!.id;
  }

  async update(tx: Tx, id: number, set: CustomFieldColumns): Promise<void> {
    // jsonb goes as its JSON text: pg would send a JS array as a PostgreSQL array.
    const columns = assignments({ ...set, options: set.options && JSON.stringify(set.options) }, 2);
    await this.sql.execute(
      `UPDATE custom_fields SET ${[...columns.sql, 'updated_at = now()'].join(', ')} WHERE id = $1`,
      [id, ...columns.values],
      tx,
    );
  }

  /** Whether a record holds this option of the field (a ticket, customer or organization field). */
  async optionInUse(field: Pick<CustomFieldRow, 'id' | 'entity' | 'key'>, value: string, tx: Tx): Promise<boolean> {
    const row = await this.sql.row<{ used: boolean }>(
      field.entity === 'ticket'
        ? `SELECT EXISTS (SELECT 1 FROM ticket_field_values WHERE field_id = $1 AND text_value = $2) AS used`
        : `SELECT EXISTS (SELECT 1 FROM ${field.entity === 'customer' ? 'customers' : 'organizations'}
             WHERE fields -> $1::text = to_jsonb($2::text) OR fields -> $1::text @> to_jsonb(ARRAY[$2::text])) AS used`,
      [field.entity === 'ticket' ? field.id : field.key, value],
      tx,
    );
    return row!.used;
  }
}
