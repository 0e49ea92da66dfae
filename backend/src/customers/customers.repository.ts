import { Injectable } from '@nestjs/common';
import { assignments, Sql } from '../database/sql';
import { Tx } from '../database/transactions';
import type { FieldValues } from '../custom-fields/field-types';

/** A customer as stored. */
export interface CustomerRow {
  id: number;
  email: string;
  name: string;
  organization_id: number | null;
  fields: FieldValues;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, email, name, organization_id, fields, created_at, updated_at';
/** The organization that owns the domain of the address $1, if any: where a new customer belongs. */
const BY_DOMAIN = `(SELECT organization_id FROM organization_domains WHERE domain = split_part($1, '@', 2))`;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** The `customers` table: people who write in, unique by lower-cased email. */
@Injectable()
export class CustomersRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * The customer with this email, created if new (in the organization that owns the
   * address's domain, if one does). Race-safe: two concurrent mails from a new sender
   * end as one customer. A name is filled in only if none is known.
   */
  async findOrCreate(tx: Tx, email: string, name?: string): Promise<CustomerRow> {
    const row = await this.sql.row<CustomerRow>(
      `INSERT INTO customers (email, name, organization_id) VALUES ($1, $2, ${BY_DOMAIN})
       ON CONFLICT (email) DO UPDATE SET name = CASE WHEN customers.name = '' THEN EXCLUDED.name ELSE customers.name END
       RETURNING ${COLUMNS}`,
      [email.trim().toLowerCase(), name?.trim() ?? ''],
      tx,
    );
    return row!;
  }

  /**
   * A page by id, optionally only those whose email or name starts with `prefix` (any
   * case), only members of an organization.
   */
  list(afterId: number, limit: number, prefix?: string, organizationId?: number): Promise<CustomerRow[]> {
    const like = prefix ? escapeLike(prefix.toLowerCase()) + '%' : null;
    return this.sql.rows(
      `SELECT ${COLUMNS} FROM customers
        WHERE id > $1 AND ($2::text IS NULL OR email LIKE $2 OR lower(name) LIKE $2)
          AND ($4::bigint IS NULL OR organization_id = $4)
        ORDER BY id LIMIT $3`,
      [afterId, like, limit, organizationId ?? null],
    );
  }

  find(id: number, tx?: Tx): Promise<CustomerRow | undefined> {
    return this.sql.row(`SELECT ${COLUMNS} FROM customers WHERE id = $1`, [id], tx);
  }

  async emailTaken(email: string): Promise<boolean> {
    return !!(await this.sql.row(`SELECT 1 FROM customers WHERE email = $1`, [email]));
  }

  /** A new customer: in the organization given, or (undefined) in the one that owns the address's domain. */
  async insert(
    email: string,
    name: string,
    organizationId: number | null | undefined,
    fields: FieldValues,
  ): Promise<number> {
    const row = await this.sql.row<{ id: number }>(
      `INSERT INTO customers (email, name, organization_id, fields)
       VALUES ($1, $2, CASE WHEN $3 THEN $4::bigint ELSE ${BY_DOMAIN} END, $5) RETURNING id`,
      [email, name, organizationId !== undefined, organizationId ?? null, JSON.stringify(fields)],
    );
    return row!.id;
  }

  /** Changes the given columns (null clears the organization) and stamps updated_at. */
  async update(
    id: number,
    patch: { email?: string; name?: string; organization_id?: number | null; fields?: FieldValues },
  ): Promise<void> {
    const columns = assignments({ ...patch, fields: patch.fields && JSON.stringify(patch.fields) }, 2);
    await this.sql.execute(`UPDATE customers SET ${[...columns.sql, 'updated_at = now()'].join(', ')} WHERE id = $1`, [
      id,
      ...columns.values,
    ]);
  }

  async organizationExists(id: number): Promise<boolean> {
    return !!(await this.sql.row(`SELECT 1 FROM organizations WHERE id = $1`, [id]));
  }

  /**
   * Customers without an organization whose address is at one of these domains join it
   * (an organization just took the domains). Returns how many joined.
   */
  joinByDomains(tx: Tx, organizationId: number, domains: string[]): Promise<number> {
    return this.sql.execute(
      `UPDATE customers SET organization_id = $1, updated_at = now()
        WHERE organization_id IS NULL AND split_part(email, '@', 2) = ANY($2::text[])`,
      [organizationId, domains],
      tx,
    );
  }
}
