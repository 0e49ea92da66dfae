import { Injectable } from '@nestjs/common';
import { ShortCache } from '../../common/short-cache';
import { Tx } from '../../database/transactions';
import { Conditions } from '../engine/rule-types';
import { RuleRow, RulesRepository } from '../rules.repository';

export interface ActiveTriggers {
  rules: RuleRow[];
  /** Some active trigger reads the message text (`body`): only then is it loaded. */
  readsBody: boolean;
}

const readsBody = (c: Conditions) => [...(c.all ?? []), ...(c.any ?? [])].some((x) => x.field === 'body');

/**
 * The active triggers in order, read at most once a second per process (every change of
 * every ticket consults them); a change made through this process is seen at once, one
 * made on another replica within a second.
 */
@Injectable()
export class ActiveRules {
  private readonly cache = new ShortCache<ActiveTriggers>();

  constructor(private readonly rules: RulesRepository) {}

  triggers(tx?: Tx): Promise<ActiveTriggers> {
    return this.cache.get(async () => {
      const rules = await this.rules.active('trigger', tx);
      return { rules, readsBody: rules.some((r) => readsBody(r.conditions)) };
    }, tx !== undefined);
  }

  changed(): void {
    this.cache.clear();
  }
}
