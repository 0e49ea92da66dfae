import { api, linkTo } from '../../api/client';
import { keys } from '../../api/keys';
import { pagedQuery } from '../../api/paging';

/** What the audit log page filters on (the API also takes `from`/`to`). */
export interface AuditLogFilters {
  /** An action (`user.update`) or every action on a target type (`user.*`). */
  action?: string;
  actorId?: number;
}

/** GET /audit-log: who did what as an admin, newest first, 50 a page. */
export const auditLogQuery = (filters: AuditLogFilters) =>
  pagedQuery([...keys.admin('audit-log'), filters], (cursor) =>
    api.GET('/api/v1/audit-log', { params: { query: { ...filters, limit: 50, cursor } } }),
  );

/** The same entries as a CSV download (GET /audit-log/export), for a link. */
export const auditLogCsvUrl = (filters: AuditLogFilters) => linkTo('/api/v1/audit-log/export', {}, { ...filters });
