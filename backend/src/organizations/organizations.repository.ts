import { Injectable } from '@nestjs/common';
import { assignments, Sql } from '../database/sql';
import { Tx } from '../database/transactions';
import type { FieldValues } from '../custom-fields/field-types';

/** An organization with its domains. */
export interface OrganizationRow {
  id: number;
  name: string;
  domains: string[];
  notes: string;
  tags: string[];
  fields: FieldValues;
  shared_tickets: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface OrganizationColumns {
  name?: string;
  notes?: string;
  tags?: string[];
  fields?: FieldValues;
  shared_tickets?: boolean;
}

const COLUMNS = `o.id, o.name, o.notes, o.tags, o.fields, o.shared_tickets, o.created_at, o.updated_at,
  coalesce((SELECT array_agg(d.domain ORDER BY d.domain) FROM organization_domains d WHERE d.organization_id = o.id), '{}') AS domains`;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** `organizations` and `organization_domains`: the companies customers belong to. */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly sql: Sql) {}

  /** A page by name (then id), optionally only names starting with `prefix`, or owning that exact domain. */
  list(after: { name: string; id: number } | null, limit: number, q?: string): Promise<OrganizationRow[]> {
    return this.sql.rows(
      `SELECT ${COLUMNS} FROM organizations o
        WHERE ($1::text IS NULL OR (lower(o.name), o.id) > (lower($1), $2))
          AND ($3::text IS NULL OR lower(o.name) LIKE $4 OR o.id IN (SELECT organization_id FROM organization_domains WHERE domain = lower($3)))
        ORDER BY lower(o.name), o.id LIMIT $5`,
      [after?.name ?? null, after?.id ?? 0, q ?? null, q ? escapeLike(q.toLowerCase()) + '%' : null, limit],
    );
  }

  find(id: number, tx?: Tx): Promise<OrganizationRow | undefined> {
    return this.sql.row(`SELECT ${COLUMNS} FROM organizations o WHERE o.id = $1`, [id], tx);
  }

  async nameTaken(name: string, exceptId: number | null, tx: Tx): Promise<boolean> {
    return !!(await this.sql.row(
      `SELECT 1 FROM organizations WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2`,
      [name, exceptId],
      tx,
    ));
  }

  /** The domains among these that another organization owns, with its name. */
  takenDomains(domains: string[], exceptId: number | null, tx: Tx): Promise<{ domain: string; name: string }[]> {
    return this.sql.rows(
      `SELECT d.domain, o.name FROM organization_domains d JOIN organizations o ON o.id = d.organization_id
        WHERE d.domain = ANY($1::text[]) AND d.organization_id IS DISTINCT FROM $2 ORDER BY d.domain`,
      [domains, exceptId],
      tx,
    );
  }

  async insert(tx: Tx, o: OrganizationColumns & { name: string }): Promise<number> {
    const row = await this.sql.row<{ id: number }>(
      `INSERT INTO organizations (name, notes, tags, fields, shared_tickets) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [o.name, o.notes ?? '', o.tags ?? [], JSON.stringify(o.fields ?? {}), o.shared_tickets ?? false],
      tx,
    );
    return row!.id;
  }

  async update(tx: Tx, id: number, set: OrganizationColumns): Promise<void> {
    const columns = assignments({ ...set, fields: set.fields && JSON.stringify(set.fields) }, 2);
    await this.sql.execute(
      `UPDATE organizations SET ${[...columns.sql, 'updated_at = now()'].join(', ')} WHERE id = $1`,
      [id, ...columns.values],
      tx,
    );
  }

  /** Replaces the organization's domains (each free: checked by the caller, enforced by the primary key). */
  async setDomains(tx: Tx, id: number, domains: string[]): Promise<void> {
    await this.sql.execute(`DELETE FROM organization_domains WHERE organization_id = $1`, [id], tx);
    await this.sql.execute(
      `INSERT INTO organization_domains (domain, organization_id) SELECT unnest($2::text[]), $1`,
      [id, domains],
      tx,
    );
  }

  /** Tickets that name the organization (a deletion would change them behind the audit trail's back). */
  async ticketCount(id: number, tx: Tx): Promise<number> {
    const row = await this.sql.row<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM tickets WHERE organization_id = $1 LIMIT 1000) x`,
      [id],
      tx,
    );
    return row!.n;
  }

  async delete(tx: Tx, id: number): Promise<boolean> {
    return (await this.sql.execute(`DELETE FROM organizations WHERE id = $1`, [id], tx)) > 0;
  }
}
