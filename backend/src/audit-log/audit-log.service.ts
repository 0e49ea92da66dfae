import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { Page } from '../common/pagination';
import { AuditLogFilters } from './audit-log.dto';
import { AuditLogRepository, AuditLogWhere } from './audit-log.repository';
import { toAuditLogEntryView } from './audit-log.view';
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

const toWhere = (f: AuditLogFilters, beforeId?: number): AuditLogWhere => ({
  actorId: f.actorId,
  ...(f.action?.endsWith('.*') ? { actionPrefix: f.action.slice(0, -1) } : { action: f.action }),
  from: f.from ? new Date(f.from) : undefined,
  to: f.to ? new Date(f.to) : undefined,
  beforeId,
});

/**
 * The admin audit log: append-only (no route edits or deletes it, and triggers in the
 * database refuse UPDATE, DELETE and TRUNCATE), newest first, filtered by actor, action
 * (exact, or `type.*`) and time, in keyset pages by id.
 */
@Injectable()
export class AuditLogService {
  constructor(private readonly log: AuditLogRepository) {}

  async record(r: AuditRecord): Promise<void> {
    await this.log.insert({
      actor_id: r.actorId,
      action: r.action,
      target_type: r.targetType,
      target_id: r.targetId,
      changes: r.changes,
      ip: r.ip,
    });
  }

  async page(f: AuditLogFilters, limit = 50, cursor?: string): Promise<Page<ReturnType<typeof toAuditLogEntryView>>> {
    const beforeId = cursor ? Number(decodeCursor(cursor, 1)[0]) : undefined;
    const rows = await this.log.list(toWhere(f, beforeId), limit + 1);
    const items = rows.slice(0, limit).map(toAuditLogEntryView);
    return { items, nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1].id]) : null };
  }

  /** The matching entries as CSV (RFC 4180), newest first, with the actor's email beside the id. */
  async csv(f: AuditLogFilters): Promise<string> {
    const rows = await this.log.listWithActorEmail(toWhere(f), EXPORT_LIMIT);
    const header = ['id', 'createdAt', 'actorId', 'actorEmail', 'action', 'targetType', 'targetId', 'ip', 'changes'];
    const lines = rows.map((r) =>
      [
        r.id,
        r.created_at.toISOString(),
        r.actor_id,
        r.actor_email,
        r.action,
        r.target_type,
        r.target_id,
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
