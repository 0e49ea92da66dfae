import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { Tx } from '../database/transactions';

/** A customer as stored. */
export interface CustomerRow {
  id: number;
  email: string;
  name: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, email, name, created_at, updated_at';
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** The `customers` table: people who write in, unique by lower-cased email. */
@Injectable()
export class CustomersRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * The customer with this email, created if new. Race-safe: two concurrent mails
   * from a new sender end as one customer. A name is filled in only if none is known.
   */
  async findOrCreate(tx: Tx, email: string, name?: string): Promise<CustomerRow> {
    const row = await this.sql.row<CustomerRow>(
      `INSERT INTO customers (email, name) VALUES ($1, $2)
       ON CONFLICT (email) DO UPDATE SET name = CASE WHEN customers.name = '' THEN EXCLUDED.name ELSE customers.name END
       RETURNING ${COLUMNS}`,
      [email.trim().toLowerCase(), name?.trim() ?? ''],
      tx,
    );
    return row!;
  }

  /** A page by id, optionally only those whose email or name starts with `prefix` (any case). */
  list(afterId: number, limit: number, prefix?: string): Promise<CustomerRow[]> {
    const like = prefix ? escapeLike(prefix.toLowerCase()) + '%' : null;
    return this.sql.rows(
      `SELECT ${COLUMNS} FROM customers
        WHERE id > $1 AND ($2::text IS NULL OR email LIKE $2 OR lower(name) LIKE $2)
        ORDER BY id LIMIT $3`,
      [afterId, like, limit],
    );
  }

  find(id: number): Promise<CustomerRow | undefined> {
    return this.sql.row(`SELECT ${COLUMNS} FROM customers WHERE id = $1`, [id]);
  }

  async emailTaken(email: string): Promise<boolean> {
    return !!(await this.sql.row(`SELECT 1 FROM customers WHERE email = $1`, [email]));
  }

  async insert(email: string, name: string): Promise<number> {
    const row = await this.sql.row<{ id: number }>(`INSERT INTO customers (email, name) VALUES ($1, $2) RETURNING id`, [
      email,
      name,
    ]);
    return row!.id;
  }

  /** Changes the given fields and stamps updated_at. */
  async update(id: number, patch: { email?: string; name?: string }): Promise<void> {
    await this.sql.execute(
      `UPDATE customers SET email = coalesce($2, email), name = coalesce($3, name), updated_at = now() WHERE id = $1`,
      [id, patch.email ?? null, patch.name ?? null],
    );
  }
}
