import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { Page } from '../common/pagination';
import { AuditLogFilters } from './audit-log.dto';
import type { AuditLogEntryView } from './audit-log.view';
import type { FieldChange } from './changes';

export interface AuditRecord {
  actorId: number;
  action: string;
  targetType: string;
  targetId: string | null;
  changes: Record<string, FieldChange>;
  ip: string | null;
}

/** The most rows one CSV export holds (newest first); narrow the filters for older ones. */
export const EXPORT_LIMIT = 100_000;

const COLUMNS = `id, actor_id AS "actorId", action, target_type AS "targetType", target_id AS "targetId",
  changes, ip, created_at AS "createdAt"`;

/**
 * The admin audit log: append-only (no route edits or deletes it, and triggers in the
 * database refuse UPDATE, DELETE and TRUNCATE), newest first, filtered by actor, action
 * (exact, or `type.*`) and time, in keyset pages by id.
 */
@Injectable()
export class AuditLogService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(r: AuditRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, changes, ip) VALUES ($1, $2, $3, $4, $5, $6)`,
      [r.actorId, r.action, r.targetType, r.targetId, JSON.stringify(r.changes), r.ip],
    );
  }

  private where(f: AuditLogFilters, beforeId?: number) {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      clauses.push(sql.replace('?', `$${params.length}`));
    };
    if (f.actorId !== undefined) add('actor_id = ?', f.actorId);
    if (f.action?.endsWith('.*')) add('action LIKE ?', `${f.action.slice(0, -1)}%`);
    else if (f.action) add('action = ?', f.action);
    if (f.from) add('created_at >= ?', new Date(f.from));
    if (f.to) add('created_at < ?', new Date(f.to));
    if (beforeId !== undefined) add('id < ?', beforeId);
    return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  async page(f: AuditLogFilters, limit = 50, cursor?: string): Promise<Page<AuditLogEntryView>> {
    const beforeId = cursor ? Number(decodeCursor(cursor, 1)[0]) : undefined;
    const { sql, params } = this.where(f, beforeId);
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM audit_log ${sql} ORDER BY id DESC LIMIT ${limit + 1}`,
      params,
    );
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1].id]) : null };
  }

  /** The matching entries as CSV (RFC 4180), newest first, with the actor's email beside the id. */
  async csv(f: AuditLogFilters): Promise<string> {
    const { sql, params } = this.where(f);
    const rows: (AuditLogEntryView & { actorEmail: string | null })[] = await this.db.query(
      `SELECT a.id, a.actor_id AS "actorId", u.email AS "actorEmail", a.action, a.target_type AS "targetType",
              a.target_id AS "targetId", a.changes, a.ip, a.created_at AS "createdAt"
         FROM (SELECT * FROM audit_log ${sql} ORDER BY id DESC LIMIT ${EXPORT_LIMIT}) a
         LEFT JOIN users u ON u.id = a.actor_id ORDER BY a.id DESC`,
      params,
    );
    const header = ['id', 'createdAt', 'actorId', 'actorEmail', 'action', 'targetType', 'targetId', 'ip', 'changes'];
    const lines = rows.map((r) =>
      [
        r.id,
        new Date(r.createdAt).toISOString(),
        r.actorId,
        r.actorEmail,
        r.action,
        r.targetType,
        r.targetId,
        r.ip,
        JSON.stringify(r.changes),
      ]
        .map(csvCell)
        .join(','),
    );
    return [header.join(','), ...lines].join('\r\n') + '\r\n';
  }
}

/**
 * One CSV cell: quoted when it holds a comma, quote or line break (RFC 4180), and prefixed
 * with `'` when a spreadsheet would read it as a formula (OWASP "CSV injection").
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
