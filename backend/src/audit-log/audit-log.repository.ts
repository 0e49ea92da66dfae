import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import type { FieldChange } from './changes';

/** One entry as stored. */
export interface AuditLogRow {
  id: number;
  actor_id: number | null;
  action: string;
  target_type: string;
  target_id: string | null;
  changes: Record<string, FieldChange>;
  ip: string | null;
  created_at: Date;
}

/** How entries are narrowed: by actor, by action (exact, or a `type.` prefix), by time, before an id. */
export interface AuditLogWhere {
  actorId?: number;
  action?: string;
  actionPrefix?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
}

const COLUMNS = 'id, actor_id, action, target_type, target_id, changes, ip, created_at';

function where(f: AuditLogWhere) {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (f.actorId !== undefined) add('actor_id = ?', f.actorId);
  if (f.actionPrefix !== undefined) add("action LIKE ? || '%'", f.actionPrefix.replace(/[\\%_]/g, '\\$&'));
  if (f.action !== undefined) add('action = ?', f.action);
  if (f.from) add('created_at >= ?', f.from);
  if (f.to) add('created_at < ?', f.to);
  if (f.beforeId !== undefined) add('id < ?', f.beforeId);
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/**
 * The `audit_log` table: append-only (triggers in the database refuse UPDATE, DELETE and
 * TRUNCATE, whoever asks), so this has no method that changes an entry.
 */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly sql: Sql) {}

  async insert(r: Omit<AuditLogRow, 'id' | 'created_at'>): Promise<void> {
    await this.sql.execute(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, changes, ip) VALUES ($1, $2, $3, $4, $5, $6)`,
      [r.actor_id, r.action, r.target_type, r.target_id, JSON.stringify(r.changes), r.ip],
    );
  }

  /** Newest first, at most `limit`. */
  list(f: AuditLogWhere, limit: number): Promise<AuditLogRow[]> {
    const w = where(f);
    return this.sql.rows(`SELECT ${COLUMNS} FROM audit_log ${w.sql} ORDER BY id DESC LIMIT ${limit}`, w.params);
  }

  /** Newest first, at most `limit`, each with its actor's email (null once the user is gone). */
  listWithActorEmail(f: AuditLogWhere, limit: number): Promise<(AuditLogRow & { actor_email: string | null })[]> {
    const w = where(f);
    return this.sql.rows(
      `SELECT a.*, u.email AS actor_email
         FROM (SELECT ${COLUMNS} FROM audit_log ${w.sql} ORDER BY id DESC LIMIT ${limit}) a
         LEFT JOIN users u ON u.id = a.actor_id ORDER BY a.id DESC`,
      w.params,
    );
  }
}
