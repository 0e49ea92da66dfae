import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql';
import { Tx } from '../../database/transactions';

export interface TriggerRunRow {
  id: number;
  ticket_id: number;
  event_ids: number[];
  cause_rule_id: number | null;
  status: 'pending' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
}

/**
 * `trigger_runs`: the durable queue between domain events and the triggers. A run (one
 * ticket's events of one change) is written in the transaction of the change and deleted
 * in the transaction that ran the triggers on it, so it is handled exactly once; a run
 * whose pass failed stays, with its error and next attempt, until it is handled or marked
 * failed for an admin to see and retry.
 */
@Injectable()
export class TriggerRunsRepository {
  constructor(private readonly sql: Sql) {}

  /** Writes runs in one statement, in the change's transaction; returns their ids. */
  async insert(
    tx: Tx,
    runs: { ticketId: number; eventIds: number[]; causeRuleId: number | null }[],
  ): Promise<number[]> {
    if (!runs.length) return [];
    const rows = await this.sql.rows<{ id: number }>(
      `INSERT INTO trigger_runs (ticket_id, event_ids, cause_rule_id)
       SELECT t, string_to_array(e, ',')::bigint[], r FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS x(t, e, r)
       RETURNING id`,
      [runs.map((r) => r.ticketId), runs.map((r) => r.eventIds.join(',')), runs.map((r) => r.causeRuleId)],
      tx,
    );
    return rows.map((r) => r.id);
  }

  ticketOf(runId: number): Promise<{ ticket_id: number } | undefined> {
    return this.sql.row(`SELECT ticket_id FROM trigger_runs WHERE id = $1`, [runId]);
  }

  /**
   * The ticket's two oldest pending runs, each saying whether it is due (call with the
   * ticket locked: runs of a ticket go in order); the second tells whether to go on.
   */
  oldestDue(tx: Tx, ticketId: number): Promise<(TriggerRunRow & { due: boolean })[]> {
    return this.sql.rows(
      `SELECT *, next_attempt_at <= now() AS due FROM trigger_runs WHERE ticket_id = $1 AND status = 'pending' ORDER BY id LIMIT 2`,
      [ticketId],
      tx,
    );
  }

  async delete(tx: Tx, id: number): Promise<void> {
    await this.sql.execute(`DELETE FROM trigger_runs WHERE id = $1`, [id], tx);
  }

  /** Records a failed pass: pending again after `retryInSeconds`, or failed for good. Returns the attempts so far. */
  async noteFailure(id: number, error: string, retryInSeconds: number, final: boolean): Promise<number> {
    const row = await this.sql.row<{ attempts: number }>(
      `UPDATE trigger_runs SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + make_interval(secs => $3),
              status = CASE WHEN $4 THEN 'failed' ELSE 'pending' END
        WHERE id = $1 RETURNING attempts`,
      [id, error.slice(0, 2000), retryInSeconds, final],
    );
    return row?.attempts ?? 0;
  }

  attempts(id: number): Promise<{ attempts: number } | undefined> {
    return this.sql.row(`SELECT attempts FROM trigger_runs WHERE id = $1`, [id]);
  }

  /** The oldest due run of each ticket whose job a crash or an outage lost. */
  async stalled(tx: Tx, olderThanSeconds: number): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(
      `SELECT min(id) AS id FROM trigger_runs
        WHERE status = 'pending' AND next_attempt_at < now() - make_interval(secs => $1)
        GROUP BY ticket_id ORDER BY 1 LIMIT 1000`,
      [olderThanSeconds],
      tx,
    );
    return rows.map((r) => r.id);
  }

  failed(beforeId: number, limit: number): Promise<TriggerRunRow[]> {
    return this.sql.rows(`SELECT * FROM trigger_runs WHERE status = 'failed' AND id < $1 ORDER BY id DESC LIMIT $2`, [
      beforeId,
      limit,
    ]);
  }

  /** A failed run, pending again (an admin retries it); false unless it had failed. */
  async retry(id: number): Promise<boolean> {
    return (
      (await this.sql.execute(
        `UPDATE trigger_runs SET status = 'pending', attempts = 0, next_attempt_at = now() WHERE id = $1 AND status = 'failed'`,
        [id],
      )) > 0
    );
  }
}
