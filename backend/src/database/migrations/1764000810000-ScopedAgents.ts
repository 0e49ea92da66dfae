import { SqlMigration } from '../sql-migration';

/**
 * Scoped agents (issue 13, phase B): which tickets an agent reaches. `all` keeps today's
 * behaviour for everyone. The lists of a scoped agent walk the existing
 * `(group_id, status, updated_at, id)` and `(assignee_id, status, updated_at, id)`
 * indexes, and their counts sum the per-group, per-assignee counters, so nothing else
 * is needed here.
 */
export class ScopedAgents1764000810000 extends SqlMigration {
  readonly name = 'ScopedAgents1764000810000';

  protected readonly upSql = `
    ALTER TABLE users ADD COLUMN ticket_scope text NOT NULL DEFAULT 'all'
      CHECK (ticket_scope IN ('all', 'groups', 'assigned'));`;

  protected readonly downSql = `ALTER TABLE users DROP COLUMN ticket_scope`;
}
