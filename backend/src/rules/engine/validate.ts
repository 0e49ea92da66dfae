import { actionProblems } from './actions';
import { conditionProblems } from './conditions';
import { Action, Conditions, FieldCatalog, RuleKind } from './rule-types';

/** At most this many conditions and actions per rule: a rule is read by people. */
export const MAX_CONDITIONS = 50;
export const MAX_ACTIONS = 30;

/**
 * Checks a rule's conditions and actions as it is saved. Returns the problems keyed by
 * where they are (`conditions.all[2]`, `actions[0]`), each naming the condition or action
 * (`status less_than: value must be one of …`); empty when the rule is sound. References
 * to other records (a group, a webhook) are checked by the caller, which can look them up.
 */
export function ruleProblems(
  kind: RuleKind,
  rule: { conditions?: Conditions; actions?: Action[] },
  catalog: FieldCatalog,
): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (at: string, list: string[]) => {
    if (list.length) problems[at] = [...(problems[at] ?? []), ...list];
  };
  if (rule.conditions !== undefined) {
    const c = rule.conditions;
    if (!c || typeof c !== 'object' || Array.isArray(c)) add('conditions', ['must be {all: [...], any: [...]}']);
    else {
      for (const group of ['all', 'any'] as const) {
        const list = c[group];
        if (list === undefined) continue;
        if (!Array.isArray(list)) {
          add(`conditions.${group}`, ['must be a list']);
          continue;
        }
        if (list.length > MAX_CONDITIONS) add(`conditions.${group}`, [`at most ${MAX_CONDITIONS} conditions`]);
        list.forEach((cond, i) => {
          const name =
            cond && typeof cond === 'object' ? `${String(cond.field)} ${String(cond.operator)}` : 'condition';
          add(
            `conditions.${group}[${i}]`,
            conditionProblems(cond, kind, catalog).map((p) => `${name}: ${p}`),
          );
        });
      }
      if (kind === 'automation' && !(c.all?.length || c.any?.length))
        add('conditions', ['an automation needs at least one condition']);
    }
  }
  if (rule.actions !== undefined) {
    if (!Array.isArray(rule.actions)) add('actions', ['must be a list']);
    else {
      if (rule.actions.length > MAX_ACTIONS) add('actions', [`at most ${MAX_ACTIONS} actions`]);
      if (kind !== 'macro' && rule.actions.length === 0) add('actions', ['a rule needs at least one action']);
      rule.actions.forEach((a, i) => {
        const name = a && typeof a === 'object' ? String(a.field) : 'action';
        add(
          `actions[${i}]`,
          actionProblems(a, kind, catalog).map((p) => `${name}: ${p}`),
        );
      });
    }
  }
  return problems;
}
