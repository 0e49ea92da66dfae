import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { Tx } from '../database/transactions';
import { Action, Conditions, StoredRuleKind } from './engine/rule-types';

export type { StoredRuleKind };

/** A trigger or an automation as stored. */
export interface RuleRow {
  id: number;
  kind: StoredRuleKind;
  title: string;
  description: string;
  active: boolean;
  position: number;
  conditions: Conditions;
  actions: Action[];
  default_key: string | null;
  created_by: number | null;
  updated_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface RuleFields {
  title: string;
  description: string;
  active: boolean;
  conditions: Conditions;
  actions: Action[];
}

/** `rules`: triggers and automations, each list in the admin's order (`position`). */
@Injectable()
export class RulesRepository {
  constructor(private readonly sql: Sql) {}

  list(kind: StoredRuleKind): Promise<RuleRow[]> {
    return this.sql.rows(`SELECT * FROM rules WHERE kind = $1 ORDER BY position, id`, [kind]);
  }

  /** The active rules of a kind, in order (read on `tx` when given). */
  active(kind: StoredRuleKind, tx?: Tx): Promise<RuleRow[]> {
    return this.sql.rows(`SELECT * FROM rules WHERE kind = $1 AND active ORDER BY position, id`, [kind], tx);
  }

  find(kind: StoredRuleKind, id: number): Promise<RuleRow | undefined> {
    return this.sql.row(`SELECT * FROM rules WHERE kind = $1 AND id = $2`, [kind, id]);
  }

  /** Adds a rule at the end of its list. */
  async insert(kind: StoredRuleKind, r: RuleFields, userId: number | null): Promise<RuleRow> {
    return (await this.sql.row<RuleRow>(
      `INSERT INTO rules (kind, title, description, active, conditions, actions, created_by, updated_by, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, (SELECT coalesce(max(position), 0) + 1 FROM rules WHERE kind = $1))
       RETURNING *`,
      [kind, r.title, r.description, r.active, JSON.stringify(r.conditions), JSON.stringify(r.actions), userId],
    ))!;
  }

  /** Changes the given fields; undefined when there is no such rule. */
  update(kind: StoredRuleKind, id: number, r: Partial<RuleFields>, userId: number): Promise<RuleRow | undefined> {
    return this.sql.row(
      `UPDATE rules SET title = coalesce($3, title), description = coalesce($4, description), active = coalesce($5, active),
              conditions = coalesce($6::jsonb, conditions), actions = coalesce($7::jsonb, actions), updated_by = $8, updated_at = now()
        WHERE kind = $1 AND id = $2 RETURNING *`,
      [
        kind,
        id,
        r.title ?? null,
        r.description ?? null,
        r.active ?? null,
        r.conditions === undefined ? null : JSON.stringify(r.conditions),
        r.actions === undefined ? null : JSON.stringify(r.actions),
        userId,
      ],
    );
  }

  async delete(kind: StoredRuleKind, id: number): Promise<boolean> {
    return (await this.sql.execute(`DELETE FROM rules WHERE kind = $1 AND id = $2`, [kind, id])) > 0;
  }

  /** Puts the rules in the order of `ids` (which must be the whole list). */
  async reorder(kind: StoredRuleKind, ids: number[]): Promise<void> {
    await this.sql.execute(
      `UPDATE rules r SET position = o.n, updated_at = now()
         FROM unnest($2::bigint[]) WITH ORDINALITY AS o(id, n)
        WHERE r.id = o.id AND r.kind = $1`,
      [kind, ids],
    );
  }

  /** Titles of rules by id (for the audit trail of a run and the dry run). */
  async count(kind: StoredRuleKind, activeOnly: boolean): Promise<number> {
    const row = await this.sql.row<{ n: number }>(
      `SELECT count(*)::int AS n FROM rules WHERE kind = $1 AND (active OR NOT $2)`,
      [kind, activeOnly],
    );
    return row!.n;
  }
}
